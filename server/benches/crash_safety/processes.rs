//! The drill's own PostgreSQL cluster and app server, run as child processes so that the drill
//! can SIGKILL them and start them again. PostgreSQL refuses to run as root, so as root it runs
//! as the `postgres` OS user, as the embedded cluster does.
// The drill kills and signals the processes it started (kill(2), geteuid(2)).
#![allow(unsafe_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use crate::common::BenchResult;

/// The OS account PostgreSQL runs as (None when the drill is not root).
#[derive(Clone, Copy)]
pub struct RunAs {
    uid: u32,
    gid: u32,
}

pub fn run_as() -> BenchResult<Option<RunAs>> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let id = |flag: &str| -> BenchResult<u32> {
        let out = std::process::Command::new("id").args([flag, "postgres"]).output()?;
        if !out.status.success() {
            return Err("running as root needs the `postgres` OS user; install the postgresql package".into());
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
    };
    Ok(Some(RunAs { uid: id("-u")?, gid: id("-g")? }))
}

fn as_user(command: &mut Command, run_as: Option<RunAs>) {
    if let Some(user) = run_as {
        command.uid(user.uid).gid(user.gid);
    }
}

pub fn pg_bin() -> BenchResult<PathBuf> {
    if let Ok(dir) = std::env::var("THROUGHCARE_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")?
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).ok_or_else(|| "no PostgreSQL under /usr/lib/postgresql".into())
}

pub fn free_port() -> BenchResult<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    run_as: Option<RunAs>,
    child: Option<Child>,
    log: PathBuf,
    synchronous_commit: String,
}

impl Cluster {
    /// `initdb` into `work/pg`. Durability settings are PostgreSQL's (and production's) defaults,
    /// stated explicitly at start so the drill cannot pass by relaxing them; `synchronous_commit`
    /// is "on" unless the drill is asked to show that it catches loss (see `--synchronous-commit`).
    pub async fn init(work: &Path, synchronous_commit: &str) -> BenchResult<Self> {
        let bin = pg_bin()?;
        let run_as = run_as()?;
        let data = work.join("pg");
        std::fs::create_dir_all(&data)?;
        if let Some(user) = run_as {
            std::os::unix::fs::chown(&data, Some(user.uid), Some(user.gid))?;
        }
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700))?;
        let mut initdb = Command::new(bin.join("initdb"));
        initdb
            .args(["--username=postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-D"])
            .arg(&data)
            .current_dir(&data)
            .stdout(Stdio::null());
        as_user(&mut initdb, run_as);
        let out = initdb.output().await?;
        if !out.status.success() {
            return Err(format!("initdb failed: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        Ok(Self {
            bin,
            log: work.join("postgres.log"),
            data,
            port: free_port()?,
            run_as,
            child: None,
            synchronous_commit: synchronous_commit.to_owned(),
        })
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgresql:///{database}?host={}&port={}&user=postgres", self.data.display(), self.port)
    }

    pub fn log(&self) -> &Path {
        &self.log
    }

    /// Starts the postmaster and waits until it accepts connections. After a SIGKILL this is
    /// where PostgreSQL replays its WAL (crash recovery); a start that finds the last one's
    /// backends still holding shared memory is tried again.
    pub async fn start(&mut self) -> BenchResult<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log)?;
            let mut postgres = Command::new(self.bin.join("postgres"));
            postgres
                .arg("-D")
                .arg(&self.data)
                .arg("-p")
                .arg(self.port.to_string())
                .arg("-k")
                .arg(&self.data)
                .args(["-c", "listen_addresses=", "-c", "max_connections=100"])
                .args(["-c", "fsync=on", "-c", "full_page_writes=on", "-c"])
                .arg(format!("synchronous_commit={}", self.synchronous_commit))
                .current_dir(&self.data)
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log)
                // If the drill itself dies, the cluster must not outlive it.
                .kill_on_drop(true);
            as_user(&mut postgres, self.run_as);
            let mut child = postgres.spawn()?;
            loop {
                if child.try_wait()?.is_some() {
                    break;
                }
                if self.ready().await {
                    self.child = Some(child);
                    return Ok(());
                }
                if Instant::now() > deadline {
                    let _ = child.start_kill();
                    return Err(format!("PostgreSQL did not start; see {}", self.log.display()).into());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            if Instant::now() > deadline {
                return Err(format!("PostgreSQL would not start; see {}", self.log.display()).into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn ready(&self) -> bool {
        Command::new(self.bin.join("pg_isready"))
            .args(["-q", "-U", "postgres", "-h"])
            .arg(&self.data)
            .arg("-p")
            .arg(self.port.to_string())
            .status()
            .await
            .map(|s| s.success())
            .unwrap_or(false)
    }

    /// SIGKILL to the postmaster named in `postmaster.pid` and to every process it started, at
    /// once, as a power cut or the OOM killer would: nobody gets to finish or clean up. Returns
    /// how many processes were killed.
    pub async fn kill9(&mut self) -> BenchResult<usize> {
        let pid_file = std::fs::read_to_string(self.data.join("postmaster.pid"))?;
        let pid: i32 = pid_file.lines().next().ok_or("empty postmaster.pid")?.trim().parse()?;
        let mut victims = children_of(pid);
        victims.insert(0, pid);
        for victim in &victims {
            // SAFETY: kill(2) on pids of our own PostgreSQL; no memory is touched.
            unsafe { libc::kill(*victim, libc::SIGKILL) };
        }
        // Reap the postmaster, or its zombie would look alive to the next start.
        if let Some(mut child) = self.child.take() {
            child.wait().await?;
        }
        Ok(victims.len())
    }

    /// A clean fast shutdown at the end of the drill.
    pub async fn stop(&mut self) {
        let mut stop = Command::new(self.bin.join("pg_ctl"));
        stop.args(["stop", "-m", "fast", "-w", "-D"]).arg(&self.data).stdout(Stdio::null());
        as_user(&mut stop, self.run_as);
        let _ = stop.status().await;
        if let Some(mut child) = self.child.take() {
            let _ = child.wait().await;
        }
    }
}

/// Pids whose parent is `parent`, from /proc.
fn children_of(parent: i32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                // "pid (comm) state ppid ...": comm may hold spaces, so read after its last ')'.
                .and_then(|stat| stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse::<i32>().ok())
                == Some(parent)
        })
        .collect()
}

/// The release server binary, serving the drill database on a fixed port across restarts so that
/// the tablets reconnect to the same address, as they would to a restarted instance.
pub struct AppServer {
    bin: PathBuf,
    site_root: PathBuf,
    database_url: String,
    port: u16,
    log: PathBuf,
    child: Option<Child>,
}

impl AppServer {
    pub fn new(bin: PathBuf, site_root: PathBuf, database_url: String, work: &Path) -> BenchResult<Self> {
        Ok(Self {
            bin,
            site_root,
            database_url,
            port: free_port()?,
            log: work.join("server.log"),
            child: None,
        })
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn command(&self) -> BenchResult<Command> {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log)?;
        let mut command = Command::new(&self.bin);
        command
            .env("DATABASE_URL", &self.database_url)
            .env("THROUGHCARE_ADDR", format!("127.0.0.1:{}", self.port))
            .env("LEPTOS_OUTPUT_NAME", "throughcare")
            .env("LEPTOS_SITE_ROOT", &self.site_root)
            .env("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true);
        Ok(command)
    }

    /// Runs `server seed` (migrate, then the demo data) against the drill database.
    pub async fn seed(&self) -> BenchResult<()> {
        let status = self.command()?.arg("seed").status().await?;
        if !status.success() {
            return Err(format!("server seed failed; see {}", self.log.display()).into());
        }
        Ok(())
    }

    pub async fn start(&mut self) -> BenchResult<()> {
        let mut child = self.command()?.arg("serve").spawn()?;
        let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build()?;
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(status) = child.try_wait()? {
                return Err(format!("server exited at start ({status}); see {}", self.log.display()).into());
            }
            if let Ok(response) = client.get(format!("{}/sign-in", self.base())).send().await
                && response.status().is_success()
            {
                self.child = Some(child);
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!("server did not answer within 60 s; see {}", self.log.display()).into())
    }

    pub async fn kill9(&mut self) -> BenchResult<()> {
        if let Some(mut child) = self.child.take() {
            // tokio's kill is SIGKILL on unix.
            child.kill().await?;
        }
        Ok(())
    }

    /// SIGTERM: the server's graceful shutdown.
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = child.id().and_then(|p| i32::try_from(p).ok()) {
                // SAFETY: kill(2) on our own child.
                unsafe { libc::kill(pid, libc::SIGTERM) };
            }
            if tokio::time::timeout(Duration::from_secs(10), child.wait()).await.is_err() {
                let _ = child.kill().await;
            }
        }
    }
}

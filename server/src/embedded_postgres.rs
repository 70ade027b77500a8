//! A private PostgreSQL cluster for running without `DATABASE_URL`: created on first use in a
//! project-local directory, reached only through a unix socket in that directory, and stopped
//! with the server. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.

use std::fs;
use std::io;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedPostgresError {
    #[error(
        "PostgreSQL server binaries were not found (looked in /usr/lib/postgresql/*/bin); install the postgresql package or set THROUGHCARE_PG_BIN"
    )]
    BinariesMissing,
    #[error(
        "running as root needs the `postgres` OS user, which does not exist; install the postgresql package"
    )]
    NoPostgresUser,
    #[error(
        "the `postgres` OS user cannot reach {0}; choose another data directory with THROUGHCARE_DATA_DIR"
    )]
    DataDirUnreachable(PathBuf),
    #[error("the socket path {0} is too long for a unix socket; choose a shorter THROUGHCARE_DATA_DIR")]
    SocketPathTooLong(PathBuf),
    #[error("{step} failed: {detail}")]
    Command { step: &'static str, detail: String },
    #[error("PostgreSQL did not become ready within {0:?}; see {1}")]
    NotReady(Duration, PathBuf),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The OS account PostgreSQL runs as.
#[derive(Clone, Copy, Debug)]
struct RunAs {
    uid: u32,
    gid: u32,
}

pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    port: u16,
    pid: u32,
    exited: mpsc::Receiver<()>,
    stopped: bool,
}

impl EmbeddedPostgres {
    /// Creates the cluster if `data_dir` holds none, then starts it on a free port.
    pub fn start(data_dir: &Path) -> Result<Self, EmbeddedPostgresError> {
        let bin = binaries_dir()?;
        let run_as = run_as()?;
        fs::create_dir_all(data_dir)?;
        let data_dir = data_dir.canonicalize()?;
        if let Some(user) = run_as {
            chown(&data_dir, user)?;
            check_reachable(&data_dir)?;
        }
        fs::set_permissions(&data_dir, fs::Permissions::from_mode(0o700))?;

        if !data_dir.join("PG_VERSION").exists() {
            tracing::info!(dir = %data_dir.display(), "creating a private PostgreSQL cluster");
            run(
                "initdb",
                Command::new(bin.join("initdb"))
                    .args([
                        "--username=postgres",
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--locale=C.UTF-8",
                        "--no-instructions",
                    ])
                    .arg("--pgdata")
                    .arg(&data_dir)
                    .current_dir(&data_dir),
                run_as,
            )?;
        }
        stop_leftover(&bin, &data_dir, run_as);

        let port = free_port()?;
        let socket = data_dir.join(format!(".s.PGSQL.{port}"));
        if socket.as_os_str().len() > 100 {
            return Err(EmbeddedPostgresError::SocketPathTooLong(socket));
        }
        let log_path = data_dir.join("server.log");
        let log = fs::OpenOptions::new().create(true).append(true).open(&log_path)?;
        if let Some(user) = run_as {
            chown(&log_path, user)?;
        }

        let mut command = Command::new(bin.join("postgres"));
        command
            .arg("-D")
            .arg(&data_dir)
            .arg("-p")
            .arg(port.to_string())
            .arg("-k")
            .arg(&data_dir)
            .args(["-c", "listen_addresses=", "-c", "max_connections=200", "-c", "fsync=on"])
            .current_dir(&data_dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let (pid, exited) = spawn_supervised(command, run_as)?;

        let mut pg = Self { data_dir: data_dir.clone(), port, pid, exited, stopped: false };
        pg.wait_until_ready(&bin, &log_path)?;
        tracing::info!(port, "private PostgreSQL cluster is ready");
        Ok(pg)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new().socket(&self.data_dir).port(self.port).username("postgres").database(database)
    }

    /// A URL for tools such as psql: `postgresql:///db?host=/dir&port=N&user=postgres`.
    pub fn url(&self, database: &str) -> String {
        format!("postgresql:///{database}?host={}&port={}&user=postgres", self.data_dir.display(), self.port)
    }

    fn wait_until_ready(&mut self, bin: &Path, log_path: &Path) -> Result<(), EmbeddedPostgresError> {
        let limit = Duration::from_secs(60);
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.exited.try_recv().is_ok() {
                self.stopped = true;
                return Err(EmbeddedPostgresError::Command {
                    step: "postgres",
                    detail: format!("exited during start-up; see {}", log_path.display()),
                });
            }
            let ready = Command::new(bin.join("pg_isready"))
                .arg("-q")
                .arg("-h")
                .arg(&self.data_dir)
                .arg("-p")
                .arg(self.port.to_string())
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if ready {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(100));
        }
        Err(EmbeddedPostgresError::NotReady(limit, log_path.to_owned()))
    }

    /// Fast shutdown: open transactions are rolled back, committed data is safe on disk.
    pub fn stop(mut self) {
        self.shutdown();
    }

    #[allow(unsafe_code)] // kill(2) of the cluster we spawned
    fn shutdown(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        if let Ok(pid) = i32::try_from(self.pid) {
            // SAFETY: kill(2) with a pid we spawned; no memory is touched.
            unsafe { libc::kill(pid, libc::SIGINT) };
        }
        if self.exited.recv_timeout(Duration::from_secs(30)).is_err() {
            tracing::warn!(pid = self.pid, "PostgreSQL did not stop in 30 s; sending SIGQUIT");
            if let Ok(pid) = i32::try_from(self.pid) {
                // SAFETY: as above.
                unsafe { libc::kill(pid, libc::SIGQUIT) };
            }
        }
        tracing::info!("private PostgreSQL cluster stopped");
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Spawns PostgreSQL from a thread that lives as long as the process, and asks the kernel to
/// stop PostgreSQL (fast shutdown) if this process dies without stopping it.
#[allow(unsafe_code)] // prctl(2) in the child before exec
fn spawn_supervised(
    mut command: Command,
    run_as: Option<RunAs>,
) -> Result<(u32, mpsc::Receiver<()>), EmbeddedPostgresError> {
    if let Some(user) = run_as {
        command.uid(user.uid).gid(user.gid);
    }
    // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGINT) == -1 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let (pid_tx, pid_rx) = mpsc::channel();
    let (exit_tx, exit_rx) = mpsc::channel();
    thread::Builder::new().name("postgres-supervisor".into()).spawn(move || {
        match command.spawn() {
            Ok(mut child) => {
                let _ = pid_tx.send(Ok(child.id()));
                let _ = child.wait();
            }
            Err(e) => {
                let _ = pid_tx.send(Err(e));
            }
        }
        let _ = exit_tx.send(());
    })?;
    let pid = pid_rx.recv().map_err(|_| EmbeddedPostgresError::Command {
        step: "postgres",
        detail: "supervisor thread died".into(),
    })??;
    Ok((pid, exit_rx))
}

fn binaries_dir() -> Result<PathBuf, EmbeddedPostgresError> {
    if let Ok(dir) = std::env::var("THROUGHCARE_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| EmbeddedPostgresError::BinariesMissing)?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).ok_or(EmbeddedPostgresError::BinariesMissing)
}

#[allow(unsafe_code)] // geteuid(2)
fn run_as() -> Result<Option<RunAs>, EmbeddedPostgresError> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let id = |flag: &str| -> Result<u32, EmbeddedPostgresError> {
        let out = Command::new("id").args([flag, "postgres"]).output()?;
        if !out.status.success() {
            return Err(EmbeddedPostgresError::NoPostgresUser);
        }
        String::from_utf8_lossy(&out.stdout).trim().parse().map_err(|_| EmbeddedPostgresError::NoPostgresUser)
    };
    Ok(Some(RunAs { uid: id("-u")?, gid: id("-g")? }))
}

fn chown(path: &Path, user: RunAs) -> Result<(), EmbeddedPostgresError> {
    std::os::unix::fs::chown(path, Some(user.uid), Some(user.gid))?;
    Ok(())
}

/// Every ancestor must be searchable by the postgres user, or it cannot open its own data.
fn check_reachable(dir: &Path) -> Result<(), EmbeddedPostgresError> {
    for ancestor in dir.ancestors().skip(1) {
        let mode = fs::metadata(ancestor)?.permissions().mode();
        if mode & 0o001 == 0 {
            return Err(EmbeddedPostgresError::DataDirUnreachable(dir.to_owned()));
        }
    }
    Ok(())
}

/// A cluster left running by a process that was killed holds the data directory; stop it.
fn stop_leftover(bin: &Path, data_dir: &Path, run_as: Option<RunAs>) {
    if !data_dir.join("postmaster.pid").exists() {
        return;
    }
    let mut status = Command::new(bin.join("pg_ctl"));
    status.arg("status").arg("-D").arg(data_dir).stdout(Stdio::null()).stderr(Stdio::null());
    if let Some(user) = run_as {
        status.uid(user.uid).gid(user.gid);
    }
    if status.status().map(|s| s.success()).unwrap_or(false) {
        tracing::warn!("stopping a PostgreSQL left running in the data directory");
        let mut stop = Command::new(bin.join("pg_ctl"));
        stop.args(["stop", "-m", "fast", "-w", "-D"]).arg(data_dir).stdout(Stdio::null());
        if let Some(user) = run_as {
            stop.uid(user.uid).gid(user.gid);
        }
        let _ = stop.status();
    }
}

fn free_port() -> Result<u16, EmbeddedPostgresError> {
    // PostgreSQL names its socket after the port; a port free on loopback is free for that too.
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn run(
    step: &'static str,
    command: &mut Command,
    run_as: Option<RunAs>,
) -> Result<(), EmbeddedPostgresError> {
    if let Some(user) = run_as {
        command.uid(user.uid).gid(user.gid);
    }
    let out = command.output()?;
    if out.status.success() {
        Ok(())
    } else {
        Err(EmbeddedPostgresError::Command {
            step,
            detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        })
    }
}

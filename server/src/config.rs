use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "server", about = "Throughcare: one clinical record for prison healthcare")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app (the default).
    Serve {
        /// Load the demo data set when the database is empty (always on for the embedded database).
        #[arg(long)]
        seed_demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo data set into an empty database and exit.
    Seed,
    /// Load the national-size data set (COPY; resumable) for benchmarks, then exit.
    National {
        /// 1.0 is national size (~1.1 million people); 0.01 loads in seconds.
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
    },
}

#[derive(Clone, Debug, clap::Args)]
pub struct Settings {
    /// PostgreSQL to use. Without it, a private cluster is started in --data-dir.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// A streaming replica of DATABASE_URL for search, timeline pages and reports (see README,
    /// Operations). Writes and access decisions always go to DATABASE_URL.
    #[arg(long, env = "THROUGHCARE_REPLICA_URL", hide_env_values = true)]
    pub replica_url: Option<String>,
    /// Where the private PostgreSQL cluster keeps its data.
    #[arg(long, env = "THROUGHCARE_DATA_DIR", default_value = ".pgdata")]
    pub data_dir: PathBuf,
    /// Address to listen on (defaults to the Leptos site address, 127.0.0.1:3000).
    #[arg(long, env = "THROUGHCARE_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Seconds without activity before a user is signed out.
    #[arg(long, env = "THROUGHCARE_IDLE_TIMEOUT_SECS", default_value_t = 15 * 60)]
    pub idle_timeout_secs: u64,
    /// Seconds without activity before the screen locks (the same user unlocks it with their password).
    #[arg(long, env = "THROUGHCARE_LOCK_AFTER_SECS", default_value_t = 3 * 60)]
    pub lock_after_secs: u64,
    /// Seconds after sign-in before a user must sign in again, however active.
    #[arg(long, env = "THROUGHCARE_SESSION_LIFETIME_SECS", default_value_t = 12 * 60 * 60)]
    pub session_lifetime_secs: u64,
    /// Days after a patient leaves during which the establishment they left can read what it recorded.
    #[arg(long, env = "THROUGHCARE_FORMER_ESTABLISHMENT_READ_DAYS", default_value_t = 90)]
    pub former_establishment_read_days: u64,
    /// Devices one member of staff may be signed in on at once; another sign-in ends the oldest.
    #[arg(long, env = "THROUGHCARE_MAX_SESSIONS_PER_USER", default_value_t = 2)]
    pub max_sessions_per_user: u32,
    /// Minutes a break-glass access to a record lasts.
    #[arg(long, env = "THROUGHCARE_BREAK_GLASS_MINUTES", default_value_t = 60)]
    pub break_glass_minutes: u64,
    /// Mark the session cookie Secure; set this whenever the app is served over TLS.
    #[arg(long, env = "THROUGHCARE_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Origins (scheme://host[:port], comma-separated) from which browsers may send changes, besides
    /// the request's own host: the public address when a proxy rewrites `Host`.
    #[arg(long, env = "THROUGHCARE_TRUSTED_ORIGINS", value_delimiter = ',')]
    pub trusted_origins: Vec<String>,
    /// Reverse proxies of our own in front of the app, each appending the address it was connected
    /// from to `X-Forwarded-For`; failed sign-ins are counted per account and that address.
    /// Leave at 0 unless every request passes through them, or a client could pick its address.
    #[arg(long, env = "THROUGHCARE_TRUSTED_PROXY_HOPS", default_value_t = 0)]
    pub trusted_proxy_hops: usize,
    /// Password attempts (sign-in, unlock, change of password, witness together) one client address
    /// may make a minute. Behind NAT every device of a healthcare unit may share one address.
    #[arg(long, env = "THROUGHCARE_PASSWORD_ATTEMPTS_PER_MINUTE", default_value_t = 30)]
    pub password_attempts_per_minute: u32,
    /// Argon2 password hashes run at once (each takes a core and about 19 MiB); by default one
    /// fewer than the cores, leaving one for care.
    #[arg(long, env = "THROUGHCARE_PASSWORD_HASHES_AT_ONCE")]
    pub password_hashes_at_once: Option<usize>,
}

impl Settings {
    pub fn web_options(&self) -> crate::startup::WebOptions {
        crate::startup::WebOptions {
            secure_cookies: self.secure_cookies,
            trusted_origins: crate::cross_site::TrustedOrigins(self.trusted_origins.clone()),
            trusted_proxy_hops: crate::client_address::TrustedProxyHops(self.trusted_proxy_hops),
        }
    }

    pub fn session_rules(&self) -> app::state::SessionRules {
        app::state::SessionRules {
            idle_timeout: Duration::from_secs(self.idle_timeout_secs.max(1)),
            lock_after: Duration::from_secs(self.lock_after_secs.max(1)),
            absolute_lifetime: Duration::from_secs(self.session_lifetime_secs.max(1)),
            former_establishment_read: Duration::from_secs(
                self.former_establishment_read_days.saturating_mul(24 * 60 * 60),
            ),
            max_sessions_per_user: self.max_sessions_per_user.max(1),
            break_glass_duration: Duration::from_secs(self.break_glass_minutes.max(1).saturating_mul(60)),
            password_checks: self.password_check_limits(),
        }
    }

    fn password_check_limits(&self) -> app::auth::ssr::PasswordCheckLimits {
        let defaults = app::auth::ssr::PasswordCheckLimits::default();
        app::auth::ssr::PasswordCheckLimits {
            attempts_per_minute_per_address: self.password_attempts_per_minute.max(1),
            hashes_at_once: self.password_hashes_at_once.unwrap_or(defaults.hashes_at_once).max(1),
            ..defaults
        }
    }
}

//! Opens the real `travelmap` window and looks at it, as a person would.
//!
//! The UI tests run headless: they drive the app's egui code through `egui_kittest` and never start
//! the program, create a window with winit, or draw through OpenGL onto a real surface. So they cannot
//! see a window that fails to open, a renderer that fails to start, or a map that stays blank. This
//! test starts the real binary with no arguments (the bundled dataset), waits for its window, takes a
//! screenshot of the screen, and checks that the picture is not blank.
//!
//! It needs an X display, so it is ignored by default. `.ci/run` runs it under Xvfb:
//!
//! ```text
//! xvfb-run -a -s "-screen 0 1280x800x24" cargo test --locked --test window -- --ignored --nocapture
//! ```
//!
//! It also needs `xwininfo` (Debian package `x11-utils`; without it the test waits a fixed time
//! instead), and `import` and `identify` (Debian package `imagemagick`). The screenshot is left at
//! `target/screenshots/window.png`.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How long the window may take to appear (a cold start on a software renderer is slow).
const WINDOW_TIMEOUT: Duration = Duration::from_secs(60);
/// How long to wait without `xwininfo`, which would tell when the window exists.
const BLIND_WAIT: Duration = Duration::from_secs(15);
/// Time for the first frames and the basemap tiles to be drawn once the window exists.
const RENDER_WAIT: Duration = Duration::from_secs(5);
/// A blank or single-colour screen has a handful of colours; a map with routes and text has thousands.
const MIN_COLOURS: u64 = 50;

/// The running app. Dropping it kills the process and waits for it, so a failed assertion never
/// leaves the window open; the throwaway home folder goes after the process.
struct RunningApp {
    child: Child,
    stderr_path: PathBuf,
    _home: tempfile::TempDir,
}

impl RunningApp {
    /// Starts the binary with no arguments, in a throwaway home folder, its stderr going to a file.
    fn start() -> std::io::Result<Self> {
        let home = tempfile::tempdir()?;
        let data = home.path().join(".local/share");
        let config = home.path().join(".config");
        fs::create_dir_all(&data)?;
        fs::create_dir_all(&config)?;
        let stderr_path = home.path().join("stderr.log");
        let stderr = File::create(&stderr_path)?;
        let child = Command::new(env!("CARGO_BIN_EXE_travelmap"))
            .env("RUST_LOG", "info")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", &data)
            .env("XDG_CONFIG_HOME", &config)
            // On a Wayland desktop, make it open on the X display that we screenshot.
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()?;
        Ok(Self {
            child,
            stderr_path,
            _home: home,
        })
    }

    fn stderr(&self) -> String {
        fs::read_to_string(&self.stderr_path)
            .unwrap_or_else(|e| format!("(could not read its stderr: {e})"))
    }

    /// Fails the test, with the app's stderr, if the process has exited.
    fn assert_running(&mut self, when: &str) {
        match self.child.try_wait() {
            Ok(None) => {}
            Ok(Some(status)) => panic!(
                "travelmap exited {when} ({status}); its stderr:\n{}",
                self.stderr()
            ),
            Err(e) => panic!(
                "could not check on travelmap {when}: {e}; its stderr:\n{}",
                self.stderr()
            ),
        }
    }
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        // Errors here only mean that it has already exited.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `xwininfo` lists a window whose name starts with "travelmap".
/// `None` when `xwininfo` cannot be run at all.
fn window_exists() -> Option<bool> {
    let out = Command::new("xwininfo")
        .args(["-root", "-tree"])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    // Lines look like `0x200003 "travelmap": ("travelmap" "travelmap")  1280x800+0+0  +0+0`.
    Some(
        out.status.success()
            && String::from_utf8_lossy(&out.stdout)
                .to_lowercase()
                .contains("\"travelmap"),
    )
}

/// Waits until the app's window exists, failing if the app exits or the window never appears.
fn wait_for_window(app: &mut RunningApp) {
    let start = Instant::now();
    loop {
        app.assert_running("before its window appeared");
        match window_exists() {
            Some(true) => {
                println!(
                    "the window appeared after {:.1} s",
                    start.elapsed().as_secs_f64()
                );
                return;
            }
            Some(false) => {}
            None => {
                println!(
                    "xwininfo (Debian package x11-utils) is not available; waiting {BLIND_WAIT:?} instead"
                );
                sleep(BLIND_WAIT);
                return;
            }
        }
        assert!(
            start.elapsed() < WINDOW_TIMEOUT,
            "no window named \"travelmap\" after {WINDOW_TIMEOUT:?}; its stderr:\n{}",
            app.stderr()
        );
        sleep(Duration::from_millis(250));
    }
}

/// The build's target folder (`target/` unless `CARGO_TARGET_DIR` says otherwise).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).parent().map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        Path::to_path_buf,
    )
}

/// Runs a command to the end and returns its standard output, failing the test if it fails.
fn run(program: &str, args: &[&str], app: &RunningApp) -> String {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("could not run {program} (is ImageMagick installed?): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed ({}): {}\ntravelmap's stderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        app.stderr()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs an X display (Xvfb); run by .ci/run"]
fn the_real_window_opens_and_shows_a_map() {
    assert!(
        std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()),
        "DISPLAY is not set: this test opens a real window. Run it under Xvfb:\n  \
         xvfb-run -a -s \"-screen 0 1280x800x24\" cargo test --locked --test window -- --ignored --nocapture"
    );

    let mut app = RunningApp::start().expect("start the travelmap binary");
    wait_for_window(&mut app);
    sleep(RENDER_WAIT);
    app.assert_running("while drawing its first frames");

    let dir = target_dir().join("screenshots");
    fs::create_dir_all(&dir).expect("create target/screenshots");
    let shot = dir.join("window.png");
    let shot_str = shot.to_str().expect("the target folder's path is UTF-8");
    // A stale screenshot must not pass for a new one.
    let _ = fs::remove_file(&shot);
    run("import", &["-window", "root", shot_str], &app);
    app.assert_running("while its screenshot was taken");

    // %k: the number of distinct colours in the image.
    let colours = run("identify", &["-format", "%k", shot_str], &app);
    let colours: u64 = colours
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("identify printed {colours:?}, not a number of colours: {e}"));
    println!("screenshot: {} ({colours} colours)", shot.display());
    assert!(
        colours > MIN_COLOURS,
        "the screenshot {} has only {colours} colours: the window is blank or was not drawn. travelmap's stderr:\n{}",
        shot.display(),
        app.stderr()
    );
}

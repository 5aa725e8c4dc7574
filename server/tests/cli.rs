//! The real `linli-server` binary: import, export, and refusing a bad file whole; staff
//! accounts; the demo's accounts in the log.

use std::process::Command;

fn server() -> Command {
    Command::new(env!("CARGO_BIN_EXE_linli-server"))
}

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("linli-cli-{:016x}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn db_url(&self) -> String {
        format!("sqlite://{}", self.0.join("linli.db").display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read_directory(path: impl AsRef<std::path::Path>) -> linli_shared::directory::DirectoryFile {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().expect("run linli-server");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn import_then_export_gives_the_same_directory_back() {
    let tmp = TempDir::new();
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo-directory.json");
    let (ok, stdout, stderr) = run(server()
        .args(["import", demo])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("imported 14 categories, 167 items, 35 points"),
        "{stdout}"
    );
    // Every record is new: each has its audit entry, made by `cli`.
    assert!(
        stdout.contains("216 record(s) changed, each in the audit log (by cli)"),
        "{stdout}"
    );

    let exported = tmp.0.join("export.json");
    let (ok, _, stderr) = run(server()
        .args(["export", exported.to_str().unwrap()])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{stderr}");
    assert_eq!(read_directory(demo), read_directory(&exported));
}

#[test]
fn a_bad_file_is_refused_whole_with_every_problem_named() {
    let tmp = TempDir::new();
    let tiny = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/tests/fixtures/tiny-directory.json"
    );
    let (ok, _, stderr) = run(server()
        .args(["import", tiny])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{stderr}");

    let mut bad: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tiny).unwrap()).unwrap();
    bad["items"][0]["category"] = "no-such-category".into();
    bad["items"][1]["materials"] = serde_json::json!([]);
    bad["points"][1]["items"] = serde_json::json!(["ghost"]);
    bad["points"][0]["hours"][0]["opens"] = "25:00".into();
    let bad_path = tmp.0.join("bad.json");
    std::fs::write(&bad_path, serde_json::to_string_pretty(&bad).unwrap()).unwrap();

    let (ok, _, stderr) = run(server()
        .args(["import", bad_path.to_str().unwrap()])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(!ok, "a bad file must fail");
    // The record that cannot be read and the rules broken by the others, all in one run.
    for expected in [
        "points[0] (test-street-center)",
        "25:00",
        "no-such-category",
        "items[1] (temporary-assistance).materials",
        "\"ghost\"",
        "nothing was imported",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }

    let exported = tmp.0.join("after.json");
    run(server()
        .args(["export", exported.to_str().unwrap()])
        .env("DATABASE_URL", tmp.db_url()));
    assert_eq!(
        read_directory(&exported),
        read_directory(tiny),
        "the old directory is untouched"
    );
}

#[test]
fn an_import_that_would_retire_most_of_the_directory_needs_the_flag() {
    let tmp = TempDir::new();
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo-directory.json");
    let (ok, _, stderr) = run(server()
        .args(["import", demo])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{stderr}");

    // A valid file that lost most of its points (a cut-off export, say).
    let mut cut: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo).unwrap()).unwrap();
    cut["points"].as_array_mut().unwrap().truncate(5);
    let cut_path = tmp.0.join("cut.json");
    std::fs::write(&cut_path, cut.to_string()).unwrap();
    let (ok, _, stderr) = run(server()
        .args(["import", cut_path.to_str().unwrap()])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(!ok, "a file retiring most points must be refused");
    assert!(stderr.contains("30 of 35 service points"), "{stderr}");
    assert!(stderr.contains("--allow-retiring-most"), "{stderr}");
    let exported = tmp.0.join("after-refusal.json");
    run(server()
        .args(["export", exported.to_str().unwrap()])
        .env("DATABASE_URL", tmp.db_url()));
    assert_eq!(
        read_directory(&exported),
        read_directory(demo),
        "nothing changed"
    );

    // An empty file is refused the same way.
    let empty_path = tmp.0.join("empty.json");
    std::fs::write(
        &empty_path,
        r#"{"format": "linli-directory/1", "categories": [], "items": [], "points": []}"#,
    )
    .unwrap();
    let (ok, _, stderr) = run(server()
        .args(["import", empty_path.to_str().unwrap()])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(!ok, "an empty file must be refused");
    assert!(stderr.contains("167 of 167 service items"), "{stderr}");

    // With the flag, it goes ahead: the points are retired, not deleted.
    let (ok, stdout, stderr) = run(server()
        .args([
            "import",
            "--allow-retiring-most",
            cut_path.to_str().unwrap(),
        ])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("points: 0 added, 0 updated, 0 moved, 0 brought back, 30 retired"),
        "{stdout}"
    );
    run(server()
        .args(["export", exported.to_str().unwrap()])
        .env("DATABASE_URL", tmp.db_url()));
    assert_eq!(read_directory(&exported).points.len(), 5);

    // And the full file brings them back without a flag (nothing is retired).
    let (ok, stdout, stderr) = run(server()
        .args(["import", demo])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{stderr}");
    assert!(stdout.contains("30 brought back"), "{stdout}");
    let (ok, stdout, _) = run(server()
        .args(["import", demo])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok);
    assert!(stdout.contains("nothing changed"), "{stdout}");
}

#[test]
fn help_explains_every_option() {
    let (ok, stdout, _) = run(server().args(["serve", "--help"]));
    assert!(ok);
    for option in [
        "--addr",
        "LINLI_ADDR",
        "--demo",
        "--database-url",
        "DATABASE_URL",
        "--log-json",
        "--dist",
        "--insecure-cookies",
        "LINLI_INSECURE_COOKIES",
    ] {
        assert!(
            stdout.contains(option),
            "serve --help does not mention {option}"
        );
    }
}

/// Runs `linli-server staff …` with `stdin` as standard input.
fn staff(tmp: &TempDir, args: &[&str], stdin: &str) -> (bool, String, String) {
    use std::io::Write;
    let mut child = server()
        .arg("staff")
        .args(args)
        .env("DATABASE_URL", tmp.db_url())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run linli-server staff");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn staff_accounts_are_managed_from_the_command_line() {
    let tmp = TempDir::new();
    let tiny = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/tests/fixtures/tiny-directory.json"
    );
    let (ok, _, stderr) = run(server()
        .args(["import", tiny])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{stderr}");

    // The first admin, with a generated password printed once.
    let (ok, stdout, stderr) = staff(&tmp, &["add", "Li.Admin", "--role", "platform_admin"], "");
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("created li.admin (platform_admin, all)"),
        "{stdout}"
    );
    let generated = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once): "))
        .expect("the generated password");
    assert_eq!(generated.len(), 16);

    // A password from standard input is not printed.
    let (ok, stdout, stderr) = staff(
        &tmp,
        &[
            "add",
            "zhao",
            "--role",
            "point-manager",
            "--scope",
            "point:test-station",
        ],
        "a long passphrase here\n",
    );
    assert!(ok, "{stderr}");
    assert!(
        !stdout.contains("passphrase") && !stdout.contains("password"),
        "{stdout}"
    );
    let (ok, _, stderr) = staff(
        &tmp,
        &[
            "add",
            "wang",
            "--role",
            "district_admin",
            "--scope",
            "district:西青区",
        ],
        "",
    );
    assert!(ok, "{stderr}");

    for (args, wanted) in [
        (
            vec![
                "add",
                "zhao",
                "--role",
                "clerk",
                "--scope",
                "point:test-station",
            ],
            "taken",
        ),
        (vec!["add", "chen", "--role", "janitor"], "unknown role"),
        (
            vec![
                "add",
                "chen",
                "--role",
                "clerk",
                "--scope",
                "district:西青区",
            ],
            "scope",
        ),
        (
            vec!["add", "chen", "--role", "clerk", "--scope", "point:nowhere"],
            "no service point",
        ),
        (
            vec![
                "add",
                "x",
                "--role",
                "clerk",
                "--scope",
                "point:test-station",
            ],
            "user name",
        ),
        (vec!["disable", "nobody"], "no account"),
    ] {
        let (ok, _, stderr) = staff(&tmp, &args, "");
        assert!(!ok, "{args:?} succeeded");
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
    }
    let (ok, _, stderr) = staff(
        &tmp,
        &[
            "add",
            "chen",
            "--role",
            "clerk",
            "--scope",
            "point:test-station",
        ],
        "short\n",
    );
    assert!(!ok && stderr.contains("12 characters"), "{stderr}");

    let (ok, stdout, _) = staff(&tmp, &["disable", "zhao"], "");
    assert!(ok && stdout.contains("disabled zhao"), "{stdout}");
    let (ok, stdout, _) = staff(&tmp, &["reset-password", "wang"], "");
    assert!(ok && stdout.contains("password (shown once): "), "{stdout}");
    let (ok, stdout, _) = staff(&tmp, &["list"], "");
    assert!(ok);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "li.admin\tplatform_admin\tall",
            "wang\tdistrict_admin\tdistrict:西青区",
            "zhao\tpoint_manager\tpoint:test-station\tdisabled",
        ]
    );
}

#[test]
fn serve_demo_logs_one_account_per_role_whose_password_signs_in() {
    use std::io::{BufRead, BufReader};
    let tmp = TempDir::new();
    let mut child = server()
        .args([
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--dist",
            "no-such-dist",
        ])
        .env("DATABASE_URL", tmp.db_url())
        .env("RUST_LOG", "warn,linli_server=info")
        .env_remove("LINLI_LOG_JSON")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start linli-server serve --demo");
    let mut accounts = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        if line.contains("demo staff account created") {
            let field = |name: &str| {
                line.split_whitespace()
                    .find_map(|w| w.strip_prefix(&format!("{name}=")))
                    .map(str::to_owned)
                    .unwrap_or_else(|| panic!("no {name} in {line}"))
            };
            accounts.push((field("username"), field("password"), field("role")));
        }
        if line.contains("listening") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let roles: Vec<&str> = accounts.iter().map(|(_, _, role)| role.as_str()).collect();
    assert_eq!(
        roles,
        [
            "platform_admin",
            "district_admin",
            "point_manager",
            "clerk",
            "front_desk",
            "department_handler",
            "supervisor"
        ],
        "{accounts:?}"
    );
    assert!(accounts.iter().all(|(_, password, _)| password.len() == 16));
    // They are in the database, one per role.
    let (ok, stdout, _) = staff(&tmp, &["list"], "");
    assert!(ok);
    assert_eq!(stdout.lines().count(), 7, "{stdout}");
}

#[test]
fn schedules_are_loaded_after_a_check_against_the_directory() {
    let tmp = TempDir::new();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let (ok, _, err) = run(server()
        .args(["import", &format!("{root}/data/demo-directory.json")])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{err}");
    let (ok, out, err) = run(server()
        .args(["schedules", &format!("{root}/data/demo-schedules.json")])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(ok, "{err}");
    assert!(out.contains("10 schedule(s) loaded"), "{out}");
    let mut bad: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/data/demo-schedules.json")).unwrap(),
    )
    .unwrap();
    bad["schedules"][0]["items"]
        .as_array_mut()
        .unwrap()
        .push("dibao".into());
    bad["schedules"][1]["point"] = "nowhere".into();
    let file = tmp.0.join("bad.json");
    std::fs::write(&file, bad.to_string()).unwrap();
    let (ok, _, err) = run(server()
        .args(["schedules", file.to_str().unwrap()])
        .env("DATABASE_URL", tmp.db_url()));
    assert!(!ok);
    assert!(
        err.contains("\"dibao\" has no `appointment` channel"),
        "{err}"
    );
    assert!(err.contains("unknown point \"nowhere\""), "{err}");
    assert!(err.contains("2 problem(s); nothing was changed"), "{err}");
}

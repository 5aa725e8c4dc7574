use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = linli_server::config::Cli::parse();
    linli_server::telemetry::init(cli.log_json);
    match linli_server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

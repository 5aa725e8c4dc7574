//! Text messages: one sender interface, two senders, and the task that drains the outbox.
//!
//! - [`DevSender`] (the default) writes each message to the log and, with
//!   `LINLI_SMS_OUTBOX=FILE`, appends a JSON line `{"id","to","text","code"}` to FILE: what the
//!   tests, and anyone trying the system, read codes from.
//! - [`HttpSender`] POSTs `{"id","to","text"}` to a gateway's URL with a secret header and
//!   `Idempotency-Key: linli-sms-ID`.
//!
//! Messages are rows of `sms_outbox`, written in the transaction of what causes them, so a crash
//! loses none. [`spawn_drainer`] claims due messages, sends them, marks them sent; a failure is
//! tried again with exponential backoff (2 s, 4 s, … at most 10 min, 12 tries). A crash between
//! sending and marking sends the message again after its claim runs out, with the same id:
//! the file sender skips ids it has written, a gateway must drop a repeated `Idempotency-Key`.

use std::collections::HashSet;
use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::TimeDelta;
use tokio::sync::Notify;

use crate::startup::china_now;
use crate::store::Store;
use crate::store::outbox::OutboxMessage;

pub type SendResult<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Sends one message; `Err` with a reason to try again later.
pub trait SmsSender: Send + Sync {
    fn send<'a>(&'a self, message: &'a OutboxMessage) -> SendResult<'a>;
}

/// Development: the log, and optionally a file of JSON lines.
pub struct DevSender {
    file: Option<PathBuf>,
    /// Ids already in the file (read once from it), so a message sent again after a crash is
    /// written once.
    written: Mutex<Option<HashSet<i64>>>,
}

impl DevSender {
    pub fn new(file: Option<PathBuf>) -> DevSender {
        DevSender {
            file,
            written: Mutex::new(None),
        }
    }

    fn append(&self, message: &OutboxMessage) -> Result<(), String> {
        let Some(path) = &self.file else {
            return Ok(());
        };
        let mut written = self.written.lock().expect("not poisoned");
        let ids = written.get_or_insert_with(|| ids_in_file(path));
        if ids.contains(&message.id) {
            return Ok(());
        }
        let line = serde_json::json!({
            "id": message.id,
            "to": message.to,
            "text": message.text,
            "code": message.code,
        });
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        writeln!(file, "{line}").map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        ids.insert(message.id);
        Ok(())
    }
}

fn ids_in_file(path: &PathBuf) -> HashSet<i64> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["id"].as_i64())
        .collect()
}

impl SmsSender for DevSender {
    fn send<'a>(&'a self, message: &'a OutboxMessage) -> SendResult<'a> {
        Box::pin(async move {
            tracing::info!(id = message.id, to = %message.to, text = %message.text, "SMS (development sender)");
            self.append(message)
        })
    }
}

/// A production gateway over HTTP(S).
pub struct HttpSender {
    url: String,
    header: String,
    secret: String,
    agent: ureq::Agent,
}

impl HttpSender {
    pub fn new(url: String, header: String, secret: String) -> HttpSender {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .http_status_as_error(true)
            .build();
        HttpSender {
            url,
            header,
            secret,
            agent: config.into(),
        }
    }
}

impl SmsSender for HttpSender {
    fn send<'a>(&'a self, message: &'a OutboxMessage) -> SendResult<'a> {
        let agent = self.agent.clone();
        let (url, header, secret) = (self.url.clone(), self.header.clone(), self.secret.clone());
        let body = serde_json::json!({"id": message.id, "to": message.to, "text": message.text});
        let id = message.id;
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                agent
                    .post(&url)
                    .header(&header, &secret)
                    .header("Idempotency-Key", &format!("linli-sms-{id}"))
                    .send_json(&body)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }
}

/// Tries before a message is given up (and logged as an error).
pub const MAX_ATTEMPTS: i64 = 12;
/// How long a claim lasts: a sender slower than this may see its message sent twice.
pub const CLAIM: TimeDelta = TimeDelta::seconds(60);
/// How often the outbox is looked at when nobody rings.
pub const POLL: Duration = Duration::from_secs(2);

/// The wait before try `attempts + 1`: 2 s, 4 s, 8 s, … at most 10 minutes.
pub fn backoff(attempts: i64) -> TimeDelta {
    let seconds = 1i64 << attempts.clamp(1, 10);
    TimeDelta::seconds(seconds.min(600))
}

/// Sends due messages now and whenever `wake` is notified (a code was queued) or every
/// [`POLL`]. Runs until the process ends.
pub fn spawn_drainer(store: Store, sender: Arc<dyn SmsSender>, wake: Arc<Notify>) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = drain_once(&store, sender.as_ref()).await {
                tracing::warn!(error = %e, "the SMS outbox could not be drained");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    });
}

/// Sends every message due now; returns how many were sent.
pub async fn drain_once(
    store: &Store,
    sender: &dyn SmsSender,
) -> Result<usize, crate::error::Error> {
    let mut sent = 0;
    loop {
        let messages = store.claim_messages(china_now(), CLAIM, 32).await?;
        if messages.is_empty() {
            return Ok(sent);
        }
        for message in &messages {
            match sender.send(message).await {
                Ok(()) => {
                    store.mark_message_sent(message.id, china_now()).await?;
                    sent += 1;
                }
                Err(reason) => {
                    let now = china_now();
                    let retry =
                        (message.attempts < MAX_ATTEMPTS).then(|| now + backoff(message.attempts));
                    if retry.is_none() {
                        tracing::error!(id = message.id, %reason, "SMS given up");
                    } else {
                        tracing::warn!(id = message.id, %reason, "SMS failed, will try again");
                    }
                    store
                        .mark_message_failed(message.id, &reason, retry, now)
                        .await?;
                }
            }
        }
    }
}

/// The configured sender: HTTP when a gateway URL is set, else the development one.
pub fn sender_from(
    outbox_file: Option<PathBuf>,
    http: Option<(String, String, String)>,
) -> Arc<dyn SmsSender> {
    match http {
        Some((url, header, secret)) => Arc::new(HttpSender::new(url, header, secret)),
        None => Arc::new(DevSender::new(outbox_file)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_ten_minutes() {
        assert_eq!(backoff(1), TimeDelta::seconds(2));
        assert_eq!(backoff(2), TimeDelta::seconds(4));
        assert_eq!(backoff(9), TimeDelta::seconds(512));
        assert_eq!(backoff(11), TimeDelta::seconds(600));
    }

    #[test]
    fn the_file_sender_writes_a_message_once_even_when_sent_again() {
        let path = std::env::temp_dir().join(format!("linli-sms-{:x}.jsonl", fastrand::u64(..)));
        let message = OutboxMessage {
            id: 7,
            to: "13812345678".into(),
            text: "code 123456".into(),
            code: Some("123456".into()),
            attempts: 1,
        };
        DevSender::new(Some(path.clone())).append(&message).unwrap();
        // A new process (a restart) reads what the file holds.
        let again = DevSender::new(Some(path.clone()));
        again.append(&message).unwrap();
        again
            .append(&OutboxMessage {
                id: 8,
                ..message.clone()
            })
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["to"], "13812345678");
        assert_eq!(lines[0]["code"], "123456");
        assert_eq!(lines[1]["id"], 8);
        let _ = std::fs::remove_file(path);
    }
}

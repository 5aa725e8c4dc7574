//! Where cleaned photos are kept: one directory (`serve --photo-dir`), each photo as two files
//! named by a random id, `ID.jpg` and `ID-thumb.jpg`. A photo is written and flushed to disk
//! (the file and the directory) before the case that lists it commits; if the case is then not
//! kept (a limit, a replay), its files are removed again. A crash between the two leaves files
//! no case lists, never a listed photo without its file.

use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::password_hash::rand_core::{OsRng, RngCore};

use super::photos::CleanPhoto;

/// Hex characters in a photo's id (128 random bits).
pub const PHOTO_ID_LEN: usize = 32;

/// Whether `text` can be a photo's id (checked before it comes near a file name).
pub fn is_photo_id(text: &str) -> bool {
    text.len() == PHOTO_ID_LEN && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The photo directory.
#[derive(Debug, Clone)]
pub struct PhotoDir {
    dir: PathBuf,
}

/// A photo just written: its id and size, for the case's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    pub id: String,
    pub width: u32,
    pub height: u32,
}

impl PhotoDir {
    pub fn new(dir: impl Into<PathBuf>) -> PhotoDir {
        PhotoDir { dir: dir.into() }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn file(&self, id: &str, thumb: bool) -> PathBuf {
        let suffix = if thumb { "-thumb" } else { "" };
        self.dir.join(format!("{id}{suffix}.jpg"))
    }

    /// Writes `photos` under fresh ids and flushes them to disk; all or none (on an error the
    /// ones written are removed). Blocking: call it on a blocking thread.
    pub fn write_all(&self, photos: &[CleanPhoto]) -> std::io::Result<Vec<StoredPhoto>> {
        if photos.is_empty() {
            return Ok(Vec::new());
        }
        std::fs::create_dir_all(&self.dir)?;
        let mut stored = Vec::new();
        for photo in photos {
            match self.write_one(photo) {
                Ok(one) => stored.push(one),
                Err(e) => {
                    self.remove_all(&stored);
                    return Err(e);
                }
            }
        }
        // The new names are durable only once the directory is.
        if let Err(e) = std::fs::File::open(&self.dir).and_then(|d| d.sync_all()) {
            self.remove_all(&stored);
            return Err(e);
        }
        Ok(stored)
    }

    fn write_one(&self, photo: &CleanPhoto) -> std::io::Result<StoredPhoto> {
        let mut random = [0u8; PHOTO_ID_LEN / 2];
        OsRng.fill_bytes(&mut random);
        let id: String = random.iter().map(|b| format!("{b:02x}")).collect();
        for (thumb, bytes) in [(false, &photo.jpeg), (true, &photo.thumbnail)] {
            let path = self.file(&id, thumb);
            let written = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .and_then(|mut f| {
                    f.write_all(bytes)?;
                    f.sync_all()
                });
            if let Err(e) = written {
                let _ = std::fs::remove_file(self.file(&id, false));
                let _ = std::fs::remove_file(self.file(&id, true));
                return Err(e);
            }
        }
        Ok(StoredPhoto {
            id,
            width: photo.width,
            height: photo.height,
        })
    }

    /// Removes the files of photos whose case was not kept (best effort: a leftover file is
    /// listed by no case and never served).
    pub fn remove_all(&self, photos: &[StoredPhoto]) {
        for photo in photos {
            for thumb in [false, true] {
                if let Err(e) = std::fs::remove_file(self.file(&photo.id, thumb)) {
                    tracing::warn!(error = %e, photo = %photo.id, "a photo file was not removed");
                }
            }
        }
    }

    /// A photo's (or its thumbnail's) bytes.
    pub async fn read(&self, id: &str, thumb: bool) -> std::io::Result<Vec<u8>> {
        if !is_photo_id(id) {
            return Err(std::io::ErrorKind::NotFound.into());
        }
        tokio::fs::read(self.file(id, thumb)).await
    }
}

/// The photo directory when none is given: beside a SQLite database file
/// (`sqlite://data/linli.db` → `data/linli-photos`), else `linli-photos` in the working
/// directory.
pub fn default_photo_dir(database_url: &str) -> PathBuf {
    let file = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or(rest))
        .filter(|path| !path.is_empty() && !path.contains(":memory:"));
    match file {
        Some(file) => {
            let file = Path::new(file);
            let stem = file
                .file_stem()
                .map_or_else(|| "linli".into(), |s| s.to_string_lossy());
            file.with_file_name(format!("{stem}-photos"))
        }
        None => PathBuf::from("linli-photos"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_directory_is_beside_the_sqlite_file() {
        assert_eq!(
            default_photo_dir("sqlite://linli.db"),
            PathBuf::from("linli-photos")
        );
        assert_eq!(
            default_photo_dir("sqlite:///var/lib/linli/data.db?mode=rwc"),
            PathBuf::from("/var/lib/linli/data-photos")
        );
        assert_eq!(
            default_photo_dir("postgres://db/linli"),
            PathBuf::from("linli-photos")
        );
    }

    #[test]
    fn only_hex_ids_of_the_right_length_are_photo_ids() {
        assert!(is_photo_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_photo_id("../../etc/passwd"));
        assert!(!is_photo_id("0123456789ABCDEF0123456789ABCDEF"));
        assert!(!is_photo_id("0123456789abcdef"));
    }

    #[test]
    fn photos_are_written_read_and_removed() {
        let dir = std::env::temp_dir().join(format!("linli-photo-test-{}", fastrand::u64(..)));
        let photos = PhotoDir::new(&dir);
        let clean = CleanPhoto {
            jpeg: b"photo".to_vec(),
            thumbnail: b"thumb".to_vec(),
            width: 2,
            height: 1,
        };
        let stored = photos.write_all(&[clean.clone(), clean]).unwrap();
        assert_eq!(stored.len(), 2);
        assert_ne!(stored[0].id, stored[1].id);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        assert_eq!(
            rt.block_on(photos.read(&stored[0].id, true)).unwrap(),
            b"thumb"
        );
        assert_eq!(
            rt.block_on(photos.read(&stored[1].id, false)).unwrap(),
            b"photo"
        );
        photos.remove_all(&stored);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir(&dir).unwrap();
    }
}

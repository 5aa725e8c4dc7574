//! A resident's photo with a case. Never trusted by its name or declared type: the bytes must
//! be a JPEG, PNG or WebP by their own signature, decode within limits (a small file claiming a
//! huge canvas, a decompression bomb, is refused before anything is allocated), and what is kept
//! is a fresh JPEG encoding of the pixels, so nothing of the original file survives: no EXIF
//! (location, device), no comments, no trailing data. The camera's orientation is applied to
//! the pixels first, so the photo still stands the right way up without its EXIF.
//!
//! CPU-bound: the caller runs it on a blocking thread.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

/// Largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// Photos one case may carry.
pub const MAX_PHOTOS: usize = 3;
/// Largest side a photo may claim (a phone's 200-megapixel sensor is 16,320 x 12,240).
pub const MAX_SIDE: u32 = 16_384;
/// Most memory the decoder may take for one photo.
pub const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// Longest side kept: larger photos are scaled down (plenty to read a sign or a meter).
pub const STORED_SIDE: u32 = 2_560;
/// Longest side of the thumbnail.
pub const THUMB_SIDE: u32 = 320;
const JPEG_QUALITY: u8 = 85;

/// Why a photo is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoProblem {
    #[error("the photo is larger than 10 MB")]
    TooLarge,
    #[error("the file is not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the image claims more pixels than a photo has")]
    TooManyPixels,
    #[error("the image is damaged and cannot be read")]
    Broken,
}

/// A photo as kept: a fresh JPEG without metadata, and its thumbnail.
#[derive(Debug, Clone)]
pub struct CleanPhoto {
    pub jpeg: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks, decodes and re-encodes `bytes`.
pub fn clean(bytes: &[u8]) -> Result<CleanPhoto, PhotoProblem> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoProblem::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoProblem::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PhotoProblem::NotAnImage);
    }
    let refused = |e: ImageError| match e {
        ImageError::Limits(_) => PhotoProblem::TooManyPixels,
        _ => PhotoProblem::Broken,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let orientation = decoder.orientation().map_err(refused)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(refused)?;
    image.apply_orientation(orientation);
    if image.width() > STORED_SIDE || image.height() > STORED_SIDE {
        image = image.resize(STORED_SIDE, STORED_SIDE, FilterType::Triangle);
    }
    let image = DynamicImage::ImageRgb8(image.to_rgb8());
    let thumbnail = encode(&image.thumbnail(THUMB_SIDE, THUMB_SIDE))?;
    Ok(CleanPhoto {
        jpeg: encode(&image)?,
        thumbnail,
        width: image.width(),
        height: image.height(),
    })
}

fn encode(image: &DynamicImage) -> Result<Vec<u8>, PhotoProblem> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(image)
        .map_err(|_| PhotoProblem::Broken)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use image::codecs::png::PngEncoder;
    use image::codecs::webp::WebPEncoder;
    use image::{ImageEncoder, RgbImage};

    use super::*;

    fn picture(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8])
        })
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        encode(&DynamicImage::ImageRgb8(picture(width, height))).unwrap()
    }

    /// An APP1 Exif segment with a GPS position (39°7'32.32"N, 117°9'8"E), in the layout a
    /// phone writes: TIFF header, IFD0 pointing at the GPS IFD, the GPS IFD with its rationals.
    fn exif_with_gps() -> Vec<u8> {
        let mut tiff: Vec<u8> = b"II*\0".to_vec();
        tiff.extend(8u32.to_le_bytes());
        // IFD0: one entry, GPSInfo (0x8825) -> the GPS IFD at 26.
        tiff.extend(1u16.to_le_bytes());
        tiff.extend(0x8825u16.to_le_bytes());
        tiff.extend(4u16.to_le_bytes());
        tiff.extend(1u32.to_le_bytes());
        tiff.extend(26u32.to_le_bytes());
        tiff.extend(0u32.to_le_bytes());
        // GPS IFD at 26: latitude ref and latitude (3 rationals at 26 + 2 + 2 * 12 + 4 = 56).
        tiff.extend(2u16.to_le_bytes());
        tiff.extend(1u16.to_le_bytes());
        tiff.extend(2u16.to_le_bytes());
        tiff.extend(2u32.to_le_bytes());
        tiff.extend(*b"N\0\0\0");
        tiff.extend(2u16.to_le_bytes());
        tiff.extend(5u16.to_le_bytes());
        tiff.extend(3u32.to_le_bytes());
        tiff.extend(56u32.to_le_bytes());
        tiff.extend(0u32.to_le_bytes());
        for (num, den) in [(39u32, 1u32), (7, 1), (3232, 100)] {
            tiff.extend(num.to_le_bytes());
            tiff.extend(den.to_le_bytes());
        }
        let mut segment = vec![0xFF, 0xE1];
        let length = (2 + 6 + tiff.len()) as u16;
        segment.extend(length.to_be_bytes());
        segment.extend(b"Exif\0\0");
        segment.extend(tiff);
        segment
    }

    #[test]
    fn a_jpeg_with_gps_exif_comes_back_without_any_of_it() {
        let plain = jpeg(640, 480);
        let mut tagged = plain[..2].to_vec();
        tagged.extend(exif_with_gps());
        tagged.extend(&plain[2..]);
        // The same photo with a comment and bytes hidden after its end.
        tagged.extend(b"\xFF\xFEsecret comment");
        assert!(tagged.windows(4).any(|w| w == b"Exif"));
        let clean = clean(&tagged).unwrap();
        assert_eq!((clean.width, clean.height), (640, 480));
        for kept in [&clean.jpeg, &clean.thumbnail] {
            assert!(!kept.windows(4).any(|w| w == b"Exif"));
            assert!(!kept.windows(6).any(|w| w == b"secret"));
            // No APP1 segment at all (where EXIF and XMP live).
            assert!(!kept.windows(2).any(|w| w == [0xFF, 0xE1]));
            assert_eq!(
                image::guess_format(kept).unwrap(),
                ImageFormat::Jpeg,
                "a JPEG is kept"
            );
        }
        let thumb = image::load_from_memory(&clean.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (320, 240));
    }

    #[test]
    fn png_and_webp_are_read_and_kept_as_jpeg() {
        let pixels = picture(300, 200);
        let mut png = Vec::new();
        PngEncoder::new(&mut png)
            .write_image(&pixels, 300, 200, image::ExtendedColorType::Rgb8)
            .unwrap();
        let mut webp = Vec::new();
        WebPEncoder::new_lossless(&mut webp)
            .write_image(&pixels, 300, 200, image::ExtendedColorType::Rgb8)
            .unwrap();
        for bytes in [png, webp] {
            let clean = clean(&bytes).unwrap();
            assert_eq!((clean.width, clean.height), (300, 200));
            assert_eq!(image::guess_format(&clean.jpeg).unwrap(), ImageFormat::Jpeg);
        }
    }

    #[test]
    fn an_executable_named_like_a_photo_is_not_an_image() {
        let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
        elf.resize(4096, 0);
        let mut exe = b"MZ\x90\0\x03\0\0\0".to_vec();
        exe.resize(4096, 0);
        let gif = b"GIF89a\x01\0\x01\0\0\0\0;".to_vec();
        for bytes in [
            elf,
            exe,
            gif,
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
        ] {
            assert_eq!(clean(&bytes).unwrap_err(), PhotoProblem::NotAnImage);
        }
        // A JPEG's signature with nothing of a JPEG behind it.
        let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
        fake.resize(1000, 0x41);
        assert_eq!(clean(&fake).unwrap_err(), PhotoProblem::Broken);
    }

    #[test]
    fn a_20_mb_file_is_refused_before_it_is_read() {
        let mut big = jpeg(64, 64);
        big.resize(20 * 1024 * 1024, 0);
        assert_eq!(clean(&big).unwrap_err(), PhotoProblem::TooLarge);
        let mut just = jpeg(64, 64);
        just.resize(MAX_PHOTO_BYTES, 0);
        assert!(clean(&just).is_ok(), "10 MB exactly is fine");
    }

    #[test]
    fn a_small_file_claiming_a_huge_canvas_is_refused_before_decoding() {
        // A 64 x 64 JPEG whose frame header claims 60,000 x 60,000 pixels (10 GB of RGB).
        let mut bomb = jpeg(64, 64);
        let sof = bomb
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame header");
        // FF C0, length (2), precision (1), height (2), width (2).
        bomb[sof + 5..sof + 7].copy_from_slice(&60_000u16.to_be_bytes());
        bomb[sof + 7..sof + 9].copy_from_slice(&60_000u16.to_be_bytes());
        assert!(bomb.len() < 10_000);
        assert_eq!(clean(&bomb).unwrap_err(), PhotoProblem::TooManyPixels);
    }
}

//! A BR Code as a QR image: SVG (for pages and e-mails) or PNG (for apps
//! and the API's `qr_code_image`), drawn by the `qrcode` crate and encoded
//! by the `png` crate.
//!
//! Error correction level M (the BCB manual's recommendation for Pix), a
//! quiet zone of 4 modules (the QR standard's), black on white.

use qrcode::{render::svg, Color, EcLevel, QrCode};

use super::PixError;

/// Only a valid BR Code is drawn (checked here, once for every caller),
/// without the whitespace a paste may bring.
fn code(payload: &str) -> Result<QrCode, PixError> {
    super::validate(payload)?;
    QrCode::with_error_correction_level(payload.trim().as_bytes(), EcLevel::M).map_err(|e| {
        PixError::field(
            "payload",
            "--",
            None,
            format!("cannot be drawn as a QR code: {e}"),
        )
    })
}

/// The QR code of `payload` as an SVG document, at least `size` pixels wide.
pub fn svg(payload: &str, size: u32) -> Result<String, PixError> {
    let qr = code(payload)?;
    // The renderer's own arithmetic overflows near u32::MAX (a panic in
    // debug builds, a wrong size in release): sizes are checked here.
    if !(1..=MAX_SVG_SIZE).contains(&size) {
        return Err(PixError::field(
            "size",
            "--",
            None,
            format!("the image's side must be 1 to {MAX_SVG_SIZE} px, got {size}"),
        ));
    }
    Ok(qr
        .render::<svg::Color<'_>>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build())
}

/// The largest SVG side asked for, in px.
pub const MAX_SVG_SIZE: u32 = 8_192;

const QUIET: usize = 4;

/// The QR code of `payload` as a grayscale PNG, `scale` pixels per module
/// (1–64).
pub fn png(payload: &str, scale: u32) -> Result<Vec<u8>, PixError> {
    let code = code(payload)?;
    if !(1..=64).contains(&scale) {
        return Err(PixError::field(
            "scale",
            "--",
            None,
            format!("pixels per module must be 1 to 64, got {scale}"),
        ));
    }
    let modules = code.width();
    let colors = code.to_colors();
    let scale = scale as usize;
    let side = (modules + 2 * QUIET) * scale;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = ((i % modules + QUIET) * scale, (i / modules + QUIET) * scale);
            for row in pixels.chunks_exact_mut(side).skip(y).take(scale) {
                row[x..x + scale].fill(0);
            }
        }
    }
    let mut out = Vec::with_capacity(side * side / 8);
    let side32 = u32::try_from(side)
        .map_err(|_| PixError::field("scale", "--", None, "the image would be too large"))?;
    let mut encoder = png::Encoder::new(&mut out, side32, side32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let written = encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&pixels));
    written
        .map_err(|e| PixError::field("payload", "--", None, format!("PNG encoding failed: {e}")))?;
    Ok(out)
}

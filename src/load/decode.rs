//! Decoding: the bytes of a file → Unicode text plus a [`SourceMap`] back to those bytes.
//!
//! Order of decisions: a byte-order mark wins (UTF-8, UTF-16LE/BE); then NUL bytes mean either
//! UTF-16 without a BOM (recognised by the pattern of zero bytes) or a binary file; then valid
//! UTF-8; anything else is legacy 8-bit or East Asian text whose encoding `chardetng` guesses.
//! Every decision other than plain UTF-8 is reported as a [`Decoded::notice`] for the user.

use super::source_map::SourceMap;

/// Text decoded from a file's bytes.
#[derive(Debug)]
pub struct Decoded {
    /// The decoded text; a byte-order mark is not part of it.
    pub text: String,
    /// Maps offsets in `text` to offsets in the file's bytes.
    pub map: SourceMap,
    /// The encoding's name as the WHATWG Encoding Standard spells it (`UTF-8`, `windows-1252`…).
    pub encoding: &'static str,
    /// What was assumed about the bytes, when it was more than "valid UTF-8".
    pub notice: Option<String>,
}

/// Why bytes could not be decoded as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeFailure {
    /// NUL bytes that do not follow the UTF-16 pattern: a binary file.
    Binary,
}

/// Decodes a file's bytes; see the module docs for the order of decisions.
///
/// # Errors
/// [`DecodeFailure::Binary`] when the bytes contain NUL bytes and are not UTF-16.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeFailure> {
    decode_declared(bytes, None)
}

/// Decodes bytes whose encoding a server declared (the `charset` of an HTTP `Content-Type`):
/// a byte-order mark still wins, as browsers do; then the declared encoding, when `charset`
/// names one the WHATWG Encoding Standard knows; otherwise the bytes are sniffed as
/// [`decode`] does (with a notice that the label was not understood).
///
/// # Errors
/// [`DecodeFailure::Binary`] when the bytes contain NUL bytes and are not UTF-16.
pub fn decode_declared(bytes: &[u8], charset: Option<&str>) -> Result<Decoded, DecodeFailure> {
    if let Some(label) = charset
        && !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
    {
        match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
            Some(e) if e == encoding_rs::UTF_16LE => {
                return Ok(utf16(bytes, 0, Endian::Little, None));
            }
            Some(e) if e == encoding_rs::UTF_16BE => {
                return Ok(utf16(bytes, 0, Endian::Big, None));
            }
            Some(_) if bytes.contains(&0) => return Err(DecodeFailure::Binary),
            Some(e) if e == encoding_rs::UTF_8 => {
                let mut d = utf8(bytes, 0, "UTF-8");
                if d.notice.is_some() {
                    d.notice = Some("invalid UTF-8 sequences shown as �".into());
                }
                return Ok(d);
            }
            Some(e) => return Ok(with_encoding(bytes, e, None)),
            None => {
                let mut d = sniff(bytes)?;
                let said = format!("the server's charset {label:?} is unknown");
                d.notice = Some(match d.notice {
                    Some(n) => format!("{said}; {n}"),
                    None => said,
                });
                return Ok(d);
            }
        }
    }
    sniff(bytes)
}

/// [`decode`] of bytes the caller gives up: valid UTF-8 without a byte-order mark (nearly
/// every file) becomes the text as it is, where [`decode`] copies it.
///
/// # Errors
/// As [`decode`].
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeFailure> {
    let marked = [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"]
        .iter()
        .any(|bom| bytes.starts_with(bom));
    if marked || bytes.contains(&0) {
        return sniff(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            map: SourceMap::shifted(text.len(), 0),
            text,
            encoding: "UTF-8",
            notice: None,
        }),
        Err(e) => Ok(legacy(e.as_bytes())),
    }
}

/// The decisions of [`decode`], with nothing declared.
fn sniff(bytes: &[u8]) -> Result<Decoded, DecodeFailure> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8(rest, 3, "UTF-8"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, 2, Endian::Little, None));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, 2, Endian::Big, None));
    }
    if bytes.contains(&0) {
        return match utf16_without_bom(bytes) {
            Some(endian) => {
                let name = endian.name();
                Ok(utf16(
                    bytes,
                    0,
                    endian,
                    Some(format!(
                        "no byte-order mark; read as {name} from its zero bytes"
                    )),
                ))
            }
            None => Err(DecodeFailure::Binary),
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(utf8(bytes, 0, "UTF-8"));
    }
    Ok(legacy(bytes))
}

#[derive(Debug, Clone, Copy)]
enum Endian {
    Little,
    Big,
}

impl Endian {
    fn name(self) -> &'static str {
        match self {
            Endian::Little => "UTF-16LE",
            Endian::Big => "UTF-16BE",
        }
    }
}

/// UTF-8, with invalid sequences (possible after a BOM) replaced by U+FFFD.
fn utf8(bytes: &[u8], offset: usize, encoding: &'static str) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            map: SourceMap::shifted(text.len(), offset),
            encoding,
            notice: None,
        };
    }
    let mut text = String::with_capacity(bytes.len());
    let mut map = SourceMap::default();
    let mut src = offset;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let start = text.len();
        text.push_str(valid);
        map.push_scaled(start..text.len(), src, 1);
        src += valid.len();
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            let start = text.len();
            text.push('\u{FFFD}');
            map.push_replaced(start..text.len(), src..src + invalid.len());
            src += invalid.len();
        }
    }
    Decoded {
        text,
        map,
        encoding,
        notice: Some("invalid UTF-8 sequences after the byte-order mark shown as �".into()),
    }
}

/// Guesses UTF-16 without a BOM: most high bytes of ASCII-range code units are zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<Endian> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let units = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // ASCII-heavy UTF-16 has a zero in nearly every unit's high byte and almost never in its low
    // byte; binary data has zeros scattered over both.
    let high = units * 2 / 5;
    let low = units / 20;
    if zero_odd >= high && zero_even <= low {
        Some(Endian::Little)
    } else if zero_even >= high && zero_odd <= low {
        Some(Endian::Big)
    } else {
        None
    }
}

fn utf16(bytes: &[u8], offset: usize, endian: Endian, notice: Option<String>) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| match endian {
        Endian::Little => u16::from_le_bytes([pair[0], pair[1]]),
        Endian::Big => u16::from_be_bytes([pair[0], pair[1]]),
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut map = SourceMap::default();
    let mut src = offset;
    let mut had_errors = false;
    for decoded in char::decode_utf16(units) {
        let (ch, width) = match decoded {
            Ok(ch) => (ch, ch.len_utf16() * 2),
            Err(_) => {
                had_errors = true;
                ('\u{FFFD}', 2)
            }
        };
        let start = text.len();
        text.push(ch);
        if ch.is_ascii() {
            map.push_scaled(start..text.len(), src, 2);
        } else {
            map.push_replaced(start..text.len(), src..src + width);
        }
        src += width;
    }
    if !bytes.len().is_multiple_of(2) {
        let start = text.len();
        text.push('\u{FFFD}');
        map.push_replaced(start..text.len(), src..src + 1);
        had_errors = true;
    }
    let notice = match (notice, had_errors) {
        (Some(n), true) => Some(format!("{n}; invalid code units shown as �")),
        (n, true) => Some(n.unwrap_or_else(|| "invalid UTF-16 code units shown as �".into())),
        (n, false) => n,
    };
    Decoded {
        text,
        map,
        encoding: endian.name(),
        notice,
    }
}

/// Not UTF-8: guess the legacy encoding and decode byte by byte so every character keeps the
/// bytes it came from.
fn legacy(bytes: &[u8]) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let name = encoding.name();
    with_encoding(
        bytes,
        encoding,
        Some(format!("not valid UTF-8; read as {name} (guessed)")),
    )
}

/// Decodes `bytes` in `encoding`, byte by byte, so every character keeps the bytes it came
/// from.
fn with_encoding(
    bytes: &[u8],
    encoding: &'static encoding_rs::Encoding,
    notice: Option<String>,
) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut map = SourceMap::default();
    let mut consumed = 0;
    // One byte at a time into a small buffer: the decoder buffers partial sequences, so
    // whatever it emits now came from the bytes since the previous emission.
    let mut buf = [0u8; 32];
    for i in 0..bytes.len() {
        let last = i + 1 == bytes.len();
        let (_, _, written, _) = decoder.decode_to_utf8(&bytes[i..=i], &mut buf, last);
        let Ok(piece) = std::str::from_utf8(&buf[..written]) else {
            continue;
        };
        if piece.is_empty() {
            continue;
        }
        let before = text.len();
        text.push_str(piece);
        if piece.len() == 1 && i + 1 - consumed == 1 {
            map.push_scaled(before..text.len(), consumed, 1);
        } else {
            map.push_replaced(before..text.len(), consumed..i + 1);
        }
        consumed = i + 1;
    }
    Decoded {
        text,
        map,
        encoding: encoding.name(),
        notice,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Zoë.".encode_utf16().flat_map(u16::to_le_bytes));
        let inputs: [&[u8]; 7] = [
            "Größe und Maß.".as_bytes(),
            b"\xEF\xBB\xBFHi.",
            b"\xEF\xBB\xBFHi \xFF.",
            &utf16,
            b"caf\xE9 cr\xE8me.",
            b"a\0b\0c\0d\0",
            b"\0\x01\x02binary",
        ];
        for bytes in inputs {
            match (decode(bytes), decode_owned(bytes.to_vec())) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(
                        (a.text, a.map, a.encoding, a.notice),
                        (b.text, b.map, b.encoding, b.notice),
                        "{bytes:?}"
                    );
                }
                (a, b) => assert_eq!(a.err(), b.err(), "{bytes:?}"),
            }
        }
    }

    #[test]
    fn plain_utf8_is_identity() {
        let d = decode("Größe".as_bytes()).expect("text");
        assert_eq!(d.text, "Größe");
        assert_eq!(d.map.range(0..d.text.len()), 0..7);
        assert!(d.notice.is_none());
    }

    #[test]
    fn utf8_bom_is_skipped_and_offsets_shift() {
        let d = decode(b"\xEF\xBB\xBFHi.").expect("text");
        assert_eq!(d.text, "Hi.");
        assert_eq!(d.map.range(0..3), 3..6);
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Zoë".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(&bytes).expect("text");
        assert_eq!(d.text, "Zoë");
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.map.range(0..d.text.len()), 2..8);
        assert_eq!(d.map.range(2..4), 6..8);
    }

    #[test]
    fn utf16be_with_bom() {
        let mut bytes = vec![0xFE, 0xFF];
        for u in "Ab".encode_utf16() {
            bytes.extend(u.to_be_bytes());
        }
        let d = decode(&bytes).expect("text");
        assert_eq!(d.text, "Ab");
        assert_eq!(d.encoding, "UTF-16BE");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let bytes: Vec<u8> = "Plain old text, nothing else."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode(&bytes).expect("text");
        assert_eq!(d.text, "Plain old text, nothing else.");
        assert!(d.notice.as_deref().is_some_and(|n| n.contains("UTF-16LE")));
    }

    #[test]
    fn nul_bytes_in_binary_are_refused() {
        let bytes = [
            0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0,
        ];
        assert_eq!(decode(&bytes).err(), Some(DecodeFailure::Binary));
    }

    #[test]
    fn windows_1252_is_guessed_and_mapped_per_byte() {
        // "Café “quoted” – naïve" in windows-1252.
        let bytes = b"Caf\xe9 \x93quoted\x94 \x96 na\xefve, and more words to read here.";
        let d = decode(bytes).expect("text");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.starts_with("Café “quoted” – naïve"));
        let e = d.text.find('é').expect("é");
        assert_eq!(d.map.range(e..e + 'é'.len_utf8()), 3..4);
        assert_eq!(d.map.range(0..d.text.len()), 0..bytes.len());
        assert!(
            d.notice
                .as_deref()
                .is_some_and(|n| n.contains("windows-1252"))
        );
    }

    #[test]
    fn a_declared_charset_is_used_and_a_bom_still_wins() {
        // "Zoë" in ISO-8859-1, which the WHATWG standard reads as windows-1252.
        let d = decode_declared(b"Zo\xeb said \x93hi\x94.", Some("ISO-8859-1")).expect("text");
        assert_eq!(d.text, "Zoë said “hi”.");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.notice.is_none(), "declared, not guessed");
        assert_eq!(d.map.range(0..d.text.len()), 0..14);
        // Bytes that would sniff as valid UTF-8 are read as declared.
        let d = decode_declared("Größe".as_bytes(), Some("windows-1252")).expect("text");
        assert_eq!(d.text, "GrÃ¶ÃŸe");
        let d = decode_declared(b"\xEF\xBB\xBFok", Some("windows-1252")).expect("text");
        assert_eq!((d.text.as_str(), d.encoding), ("ok", "UTF-8"));
        let d = decode_declared(b"caf\xe9", Some("no-such-charset")).expect("text");
        assert_eq!(d.text, "café");
        assert!(
            d.notice
                .as_deref()
                .is_some_and(|n| n.contains("no-such-charset"))
        );
        assert_eq!(
            decode_declared(b"a\0b\0\0\0\x01", Some("utf-8")).err(),
            Some(DecodeFailure::Binary)
        );
    }

    #[test]
    fn invalid_utf8_after_bom_is_replaced_not_panicking() {
        let d = decode(b"\xEF\xBB\xBFok \xFF\xFE done").expect("text");
        assert_eq!(d.text, "ok \u{FFFD}\u{FFFD} done");
        assert!(d.notice.is_some());
    }
}

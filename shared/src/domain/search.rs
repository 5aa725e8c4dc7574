//! Search matching and ranking: how well one query matches one piece of text.
//!
//! A resident may type Chinese characters (`低保`), full pinyin (`dibao`), pinyin initials
//! (`ylbx`), a name with a wrong or missing character (`最低生活保证`), or English. Every
//! searchable text is prepared once ([`SearchText::new`]) with its pinyin readings and initials;
//! every query once ([`Query::parse`]); [`score`] then compares the two without allocating much.
//! The server's in-memory index calls these functions; nothing here knows about HTTP or SQL.

use pinyin::ToPinyinMulti;

pub mod index;

/// Which part of a record a text comes from; names count more than addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Colloquial,
    Alias,
    NameEn,
    /// What English speakers call an item in everyday words (`colloquial_en`).
    ColloquialEn,
    Place,
    /// A street, town or district's English name.
    PlaceEn,
    Address,
    AddressEn,
    Description,
    DescriptionEn,
}

impl Field {
    fn weight(self) -> f32 {
        match self {
            Field::Name | Field::Colloquial => 1.0,
            Field::Alias => 0.95,
            Field::NameEn | Field::ColloquialEn => 0.9,
            Field::Place | Field::PlaceEn => 0.8,
            Field::Address | Field::AddressEn => 0.7,
            Field::Description | Field::DescriptionEn => 0.4,
        }
    }

    /// English texts match by whole words only (a word or, in names, its beginning): matching
    /// letters across word boundaries (`visa` in "ad*visa*ble") would find anything.
    fn english(self) -> bool {
        matches!(
            self,
            Field::NameEn
                | Field::ColloquialEn
                | Field::PlaceEn
                | Field::AddressEn
                | Field::DescriptionEn
        )
    }

    /// English prose matches whole words (their stems) only, not word beginnings.
    fn whole_words_only(self) -> bool {
        matches!(self, Field::AddressEn | Field::DescriptionEn)
    }

    /// Long prose only matches literally: fuzzy or pinyin matches there are noise.
    fn literal_only(self) -> bool {
        matches!(self, Field::Description | Field::Address)
    }
}

/// At most this many pinyin readings are kept per text (polyphonic characters multiply them).
const MAX_READINGS: usize = 8;

/// A searchable text, prepared once when the index is built.
#[derive(Debug, Clone)]
pub struct SearchText {
    pub original: String,
    pub field: Field,
    /// Lowercased, full-width folded, spaces and punctuation removed.
    compact: Vec<char>,
    /// Lowercased words, for English matching.
    words: Vec<String>,
    /// Full pinyin readings without tones (`ü` written `u`), syllables joined.
    readings: Vec<String>,
    /// Where each syllable of each reading starts (byte offsets), so that a query inside a
    /// reading is only found where a syllable begins (`uisa` is not inside gu*hui sa*hai).
    syllable_starts: Vec<Vec<u16>>,
    /// Pinyin initials of each reading (`ylbx`).
    initials: Vec<String>,
    /// The words joined by spaces, for fuzzy English matching.
    words_joined: String,
    /// Which characters occur (hashed into 128 bits): lets most texts be ruled out with one AND.
    char_sig: CharSig,
    /// Which Latin letters and digits occur in the readings, initials and words.
    latin_sig: u64,
    /// Which letter pairs occur in the readings and initials: a query inside one of them has
    /// all its pairs there too.
    pinyin_pairs: u128,
}

/// A set of characters folded into 128 bits. `a ⊆ b` as sets implies `a.bits ⊆ b.bits`, so a
/// text whose signature lacks a query character's bit cannot contain that character.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct CharSig(u128);

impl CharSig {
    fn bit(c: char) -> u128 {
        // A multiplicative hash spreads neighbouring code points (CJK is dense) over the bits.
        1u128 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 25)
    }

    fn of(chars: &[char]) -> CharSig {
        CharSig(chars.iter().fold(0, |acc, &c| acc | CharSig::bit(c)))
    }

    fn contains_all(self, other: CharSig) -> bool {
        self.0 & other.0 == other.0
    }

    /// How many of `chars` may occur (an upper bound: hash collisions only add).
    fn may_contain_count(self, chars: &[char]) -> usize {
        chars
            .iter()
            .filter(|&&c| self.0 & CharSig::bit(c) != 0)
            .count()
    }
}

/// Latin letters and digits as bits of a u64.
fn latin_sig(s: &str) -> u64 {
    s.bytes().fold(0, |acc, b| acc | latin_bit(b))
}

/// Adjacent byte pairs hashed into 128 bits.
fn pair_sig(s: &str) -> u128 {
    s.as_bytes().windows(2).fold(0, |acc, w| {
        let pair = u32::from(w[0]) << 8 | u32::from(w[1]);
        acc | 1u128 << (pair.wrapping_mul(0x9E37_79B1) >> 25)
    })
}

fn latin_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

impl SearchText {
    /// The first pinyin reading, syllables joined (`dibao`), if the text has one.
    pub fn first_reading(&self) -> Option<&str> {
        self.readings.first().map(String::as_str)
    }

    /// The initials of the first reading (`db`), if the text has a reading.
    pub fn first_initials(&self) -> Option<&str> {
        self.initials.first().map(String::as_str)
    }

    /// Heap bytes held by this text's preparation, roughly (for the index's memory figure).
    pub fn heap_bytes(&self) -> usize {
        let strings = |v: &[String]| v.iter().map(|s| s.capacity() + 24).sum::<usize>();
        self.original.capacity()
            + self.compact.capacity() * 4
            + strings(&self.words)
            + strings(&self.readings)
            + self
                .syllable_starts
                .iter()
                .map(|s| s.capacity() * 2 + 24)
                .sum::<usize>()
            + strings(&self.initials)
            + self.words_joined.capacity()
    }

    pub fn new(original: &str, field: Field) -> SearchText {
        let compact = compact_chars(original);
        let has_han = compact.iter().any(|c| is_han(*c));
        let (readings, syllable_starts, initials) = if has_han && !field.literal_only() {
            pinyin_readings(&compact)
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let words: Vec<String> = words(original)
            .iter()
            .map(|w| if field.english() { stem(w) } else { w.clone() })
            .collect();
        let words_joined = words.join(" ");
        let latin_sig = readings
            .iter()
            .chain(&initials)
            .fold(latin_sig(&words_joined), |acc, r| acc | latin_sig(r));
        let pinyin_pairs = readings
            .iter()
            .chain(&initials)
            .fold(0, |acc, r| acc | pair_sig(r));
        SearchText {
            original: original.to_owned(),
            field,
            pinyin_pairs,
            char_sig: CharSig::of(&compact),
            compact,
            words,
            readings,
            syllable_starts,
            initials,
            words_joined,
            latin_sig,
        }
    }
}

/// A query, prepared once per request.
#[derive(Debug, Clone)]
pub struct Query {
    /// The query as understood, for display.
    pub display: String,
    compact: Vec<char>,
    /// For Chinese queries: the pinyin readings (so homophone typos like 居驻证 still match).
    readings: Vec<String>,
    /// For Latin queries: letters and digits only, `v` and `ü` as `u`.
    latin: String,
    words: Vec<String>,
    /// The words' stems (`certificates` → `certificate`), for English texts.
    stems: Vec<String>,
    stem_sigs: Vec<u64>,
    has_han: bool,
    char_sig: CharSig,
    latin_sig: u64,
    latin_pairs: u128,
    /// Each query word's letters, for ruling out English matches cheaply.
    word_sigs: Vec<u64>,
    /// Where each byte occurs in `latin` (up to 64 letters), for [`BitMatcher`].
    latin_matcher: Option<BitMatcher>,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let display: String = raw.chars().map(fold_width).collect::<String>();
        let display = display.split_whitespace().collect::<Vec<_>>().join(" ");
        let compact = compact_chars(&display);
        let has_han = compact.iter().any(|c| is_han(*c));
        let readings = if has_han {
            pinyin_readings(&compact).0
        } else {
            Vec::new()
        };
        let latin: String = compact
            .iter()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|&c| if c == 'v' { 'u' } else { c })
            .collect();
        let words: Vec<String> = words(&display)
            .into_iter()
            .filter(|w| !STOP_WORDS.contains(&w.as_str()))
            .collect();
        Query {
            word_sigs: words.iter().map(|w| latin_sig(w)).collect(),
            stems: words.iter().map(|w| stem(w)).collect(),
            stem_sigs: words.iter().map(|w| latin_sig(&stem(w))).collect(),
            words,
            display,
            char_sig: CharSig::of(&compact),
            latin_sig: latin_sig(&latin),
            latin_pairs: pair_sig(&latin),
            latin_matcher: BitMatcher::new(latin.as_bytes()),
            compact,
            readings,
            latin,
            has_han,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.compact.is_empty()
    }

    /// Whether the fuzzy pass can score anything differently from the exact pass: a query too
    /// short for any edit (under three characters, under five letters) cannot, and its search
    /// skips that pass.
    pub fn fuzzy_can_add(&self) -> bool {
        if self.has_han {
            self.compact.len() >= 3
        } else {
            self.latin.len() >= 5 || self.stems.iter().map(|s| s.len() + 1).sum::<usize>() > 5
        }
    }
}

/// How strictly to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Exact, prefix, substring, pinyin and initials matches.
    Exact,
    /// Also tolerate one or two wrong or missing characters.
    Fuzzy,
}

/// A score at or above this means a strong literal match; below it, a fuzzy pass is worth running.
pub const STRONG_MATCH: f32 = 0.75;

/// The best score of `query` over a record's `texts`, with the index of the text that matched.
pub fn best_match(query: &Query, texts: &[SearchText], pass: Pass) -> Option<(f32, usize)> {
    let mut best: Option<(f32, usize)> = None;
    for (i, text) in texts.iter().enumerate() {
        let s = score(query, text, pass) * text.field.weight();
        if s > 0.0 && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    best
}

/// Whether a search's answer should lead with its points rather than its items: when the best
/// point matched better than the best item (`服务中心` is in the names of the service centres,
/// and only inside an alias or a description of any item). A tie goes to the items, which is
/// what residents come for; a list with no hit never leads.
pub fn points_lead(best_item: Option<f32>, best_point: Option<f32>) -> bool {
    match (best_item, best_point) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(item), Some(point)) => point > item,
    }
}

/// How well `query` matches one text, from 0 (not at all) to 1 (exactly).
pub fn score(query: &Query, text: &SearchText, pass: Pass) -> f32 {
    let exact = exact_score(query, text);
    match pass {
        Pass::Exact => exact,
        Pass::Fuzzy => with_fuzzy(query, text, exact),
    }
}

/// The score of the exact pass: exact, prefix, substring, pinyin, initials, same sound, words.
fn exact_score(query: &Query, text: &SearchText) -> f32 {
    if query.is_empty() || text.compact.is_empty() {
        return 0.0;
    }
    if text.field.literal_only() && query.compact.len() < 2 {
        // One character inside prose or an address is noise, not a match.
        return 0.0;
    }
    if text.field.english() {
        if query.has_han {
            return 0.0;
        }
        let whole_words = text.field.whole_words_only();
        // A word of the text can only be (or begin with) a stem whose letters it has.
        return if query.stem_sigs.iter().any(|w| text.latin_sig & w == *w) {
            english_score(&query.stems, &text.words, whole_words)
        } else {
            0.0
        };
    }
    // Literal matches need every query character in the text, or every text character in
    // the query; the signatures rule most texts out before any comparison.
    let mut best = if text.char_sig.contains_all(query.char_sig)
        || query.char_sig.contains_all(text.char_sig)
    {
        literal_score(&query.compact, &text.compact)
    } else {
        0.0
    };
    if !text.field.literal_only() {
        if query.has_han {
            // Same sound, other characters: the most common input-method slip.
            if query.compact.len() == text.compact.len()
                && query
                    .readings
                    .iter()
                    .any(|q| text.readings.iter().any(|t| t == q))
            {
                best = best.max(0.85);
            }
        } else {
            if text.latin_sig & query.latin_sig == query.latin_sig
                && text.pinyin_pairs & query.latin_pairs == query.latin_pairs
            {
                best = best.max(pinyin_score(&query.latin, text));
            }
            if query.word_sigs.iter().any(|w| text.latin_sig & w == *w) {
                best = best.max(english_score(&query.words, &text.words, false));
            }
        }
    }
    best
}

/// The fuzzy pass's score of a text whose exact pass scored `exact`: only a text that matched
/// nothing strongly looks for one or two wrong, missing or extra characters. (The index calls
/// this with the exact pass's scores, so the fuzzy pass does not score those texts again.)
fn with_fuzzy(query: &Query, text: &SearchText, exact: f32) -> f32 {
    if query.is_empty()
        || text.compact.is_empty()
        || (text.field.literal_only() && query.compact.len() < 2)
    {
        return exact;
    }
    if text.field.english() {
        if query.has_han || text.field.whole_words_only() || exact >= STRONG_MATCH {
            return exact;
        }
        return exact.max(fuzzy_english(query, text));
    }
    // A fuzzy match never scores above FUZZY_BEST: no need to look for one past that.
    if text.field.literal_only() || exact >= STRONG_MATCH || exact >= FUZZY_BEST {
        return exact;
    }
    exact.max(fuzzy_score(query, text))
}

/// The most a fuzzy match can score (one of Chinese characters at distance 0: 0.65; pinyin
/// 0.6, words 0.55).
const FUZZY_BEST: f32 = 0.65;

/// Exact, prefix and substring matches on the compact characters.
fn literal_score(q: &[char], t: &[char]) -> f32 {
    let (ql, tl) = (q.len() as f32, t.len() as f32);
    let coverage = ql / tl;
    if q == t {
        1.0
    } else if t.starts_with(q) {
        0.85 + 0.1 * coverage
    } else if contains(t, q) {
        // Single letters or characters inside long texts are weak evidence.
        if q.len() == 1 {
            0.3
        } else {
            0.7 + 0.1 * coverage
        }
    } else if t.len() >= 2 && contains(q, t) {
        // The query says more than the name: `办理低保` still finds 低保.
        0.6 * (tl / ql).sqrt()
    } else {
        0.0
    }
}

/// Full pinyin and initials, for Latin-letter queries.
fn pinyin_score(q: &str, t: &SearchText) -> f32 {
    if q.len() < 2 {
        return 0.0;
    }
    let mut best: f32 = 0.0;
    for (r, starts) in t.readings.iter().zip(&t.syllable_starts) {
        if r == q {
            best = best.max(0.95);
        } else if r.starts_with(q) && q.len() >= 3 {
            best = best.max(0.8 + 0.1 * q.len() as f32 / r.len() as f32);
        } else if q.len() >= 4
            && starts.iter().any(|&s| {
                r.get(usize::from(s)..)
                    .is_some_and(|rest| rest.starts_with(q))
            })
        {
            best = best.max(0.7);
        }
    }
    for i in &t.initials {
        if i == q {
            best = best.max(0.9);
        } else if i.starts_with(q) {
            best = best.max(0.75 + 0.1 * q.len() as f32 / i.len() as f32);
        } else if q.len() >= 3 && i.contains(q) {
            best = best.max(0.65);
        }
    }
    best
}

/// English words: every query word should be a word of the text or, unless `whole_words`, begin
/// one: the last word (perhaps still being typed) from 3 letters, an earlier one (typed whole)
/// from 5, so `car insurance` is about cars, not cards, while `vacc` is on its way to
/// "vaccination" and `elder card` finds the "elderly card". Only a name (`whole_words` false) may lack one word of a query of three or more; prose
/// (`whole_words`: a description, an address) must hold every word, since two common words of
/// three (`old age card`: "old" and "card") turn up in the descriptions of unrelated items.
fn english_score(q: &[String], t: &[String], whole_words: bool) -> f32 {
    if q.is_empty() || t.is_empty() {
        return 0.0;
    }
    let last = q.len() - 1;
    let matched = q
        .iter()
        .enumerate()
        .filter(|&(i, qw)| {
            t.iter().any(|tw| {
                tw == qw
                    || (!whole_words
                        && qw.len() >= if i == last { 3 } else { 5 }
                        && tw.starts_with(qw.as_str()))
            })
        })
        .count();
    if matched == 0 {
        return 0.0;
    }
    let query_coverage = matched as f32 / q.len() as f32;
    let text_coverage = (matched as f32 / t.len() as f32).min(1.0);
    if matched == q.len() {
        0.8 + 0.15 * text_coverage
    } else if !whole_words && q.len() >= 3 && matched + 1 == q.len() {
        // One word of three or more unmatched in a name is a weak match; one of two (`visa
        // application` against "… Card Application") is a guess, and guesses are not answers.
        0.5 * query_coverage
    } else {
        0.0
    }
}

/// One or two wrong, missing or extra characters (or letters of pinyin).
fn fuzzy_score(query: &Query, text: &SearchText) -> f32 {
    let mut best: f32 = 0.0;
    if query.has_han {
        let q = &query.compact;
        if q.len() >= 3 {
            let allowed = if q.len() >= 6 { 2 } else { 1 };
            // Each edit removes at most one matching character: a text with fewer than
            // `len - allowed` of the query's characters cannot be close enough.
            if text.char_sig.may_contain_count(q) + allowed < q.len()
                || too_long_for(q.len(), text.compact.len(), allowed)
            {
                return 0.0;
            }
            let d = substring_distance_within(q, &text.compact, allowed);
            if d <= allowed {
                best = best.max(0.65 * (1.0 - d as f32 / q.len() as f32));
            }
        }
    } else if query.latin.len() >= 5 {
        let q = query.latin.as_bytes();
        let allowed = if q.len() >= 9 { 2 } else { 1 };
        let present = q
            .iter()
            .filter(|&&b| text.latin_sig & latin_bit(b) != 0)
            .count();
        if present + allowed < q.len() {
            return 0.0;
        }
        for (r, starts) in text.readings.iter().zip(&text.syllable_starts) {
            if too_long_for(q.len(), r.len(), allowed) {
                continue;
            }
            // The distance to any part of the reading, a bit-parallel pass: a part beginning
            // at a syllable is never closer, so a reading ruled out here is ruled out, and a
            // close part ends where some part ends close enough. It begins at most
            // `len + allowed` letters before its end, so only that window is aligned.
            let window = match &query.latin_matcher {
                Some(m) => match m.ends_within(r.as_bytes(), allowed) {
                    Some((first, last)) => first.saturating_sub(q.len() + allowed)..last,
                    None => continue,
                },
                None => 0..r.len(),
            };
            let d = syllable_distance_in(q, r.as_bytes(), starts, window, allowed);
            if d <= allowed {
                best = best.max(0.6 * (1.0 - d as f32 / q.len() as f32));
            }
        }
        if !text.words_joined.is_empty()
            && !too_long_for(q.len(), text.words_joined.len(), allowed)
            && query
                .latin_matcher
                .as_ref()
                .is_none_or(|m| m.substring_distance(text.words_joined.as_bytes()) <= allowed)
        {
            let d = substring_distance_within(q, text.words_joined.as_bytes(), allowed);
            if d <= allowed {
                best = best.max(0.55 * (1.0 - d as f32 / q.len() as f32));
            }
        }
    }
    best
}

/// One or two wrong, missing or extra letters in English words (`vacination`), compared word
/// for word (the pinyin spelling of `v` as `u` plays no part here).
fn fuzzy_english(query: &Query, text: &SearchText) -> f32 {
    let q = query.stems.join(" ");
    if q.len() < 5 || text.words_joined.is_empty() {
        return 0.0;
    }
    let allowed = if q.len() >= 9 { 2 } else { 1 };
    if too_long_for(q.len(), text.words_joined.len(), allowed) {
        return 0.0;
    }
    // A typo keeps a word's first letter (`vacination`, `pasport`): the match begins at a word
    // of the text that starts with the query's first letter, so `flight` is not a misspelt
    // "light" and no query matches from the middle of a word.
    let (q, t) = (q.as_bytes(), text.words_joined.as_bytes());
    let starts: Vec<u16> = (0..t.len())
        .filter(|&i| (i == 0 || t[i - 1] == b' ') && t[i] == q[0])
        .filter_map(|i| u16::try_from(i + 1).ok())
        .collect();
    if starts.is_empty() {
        return 0.0;
    }
    let d = syllable_distance_in(&q[1..], t, &starts, 0..t.len(), allowed);
    if d <= allowed {
        0.55 * (1.0 - d as f32 / q.len() as f32)
    } else {
        0.0
    }
}

/// Myers' bit-parallel edit distance (1999) of a pattern of up to 64 bytes against the closest
/// part of a text: one pass over the text, a few word operations per byte, the same answer as
/// [`substring_distance`].
#[derive(Debug, Clone)]
struct BitMatcher {
    /// For each byte value, the pattern positions holding it.
    positions: Box<[u64; 256]>,
    len: usize,
}

impl BitMatcher {
    fn new(pattern: &[u8]) -> Option<BitMatcher> {
        if pattern.is_empty() || pattern.len() > 64 {
            return None;
        }
        let mut positions = Box::new([0u64; 256]);
        for (i, &b) in pattern.iter().enumerate() {
            positions[usize::from(b)] |= 1 << i;
        }
        Some(BitMatcher {
            positions,
            len: pattern.len(),
        })
    }

    /// Where the parts of `text` within `limit` edits of the pattern end (byte offsets past
    /// their last byte): the first and the last such end, or `None` if no part is that close.
    fn ends_within(&self, text: &[u8], limit: usize) -> Option<(usize, usize)> {
        let mut found: Option<(usize, usize)> = None;
        self.each_end(text, |end, score| {
            if score <= limit {
                found = Some((found.map_or(end, |(first, _)| first), end));
            }
        });
        found
    }

    fn substring_distance(&self, text: &[u8]) -> usize {
        let mut best = self.len;
        self.each_end(text, |_, score| best = best.min(score));
        best
    }

    /// Calls `at(end, distance)` for every end of a part of `text` (0 to its length), with the
    /// distance of the closest part ending there, in order.
    #[inline]
    fn each_end(&self, text: &[u8], mut at: impl FnMut(usize, usize)) {
        let m = self.len;
        let last = 1u64 << (m - 1);
        let mask = if m == 64 { !0 } else { (1u64 << m) - 1 };
        let (mut pv, mut mv) = (mask, 0u64);
        let mut score = m;
        // The empty part before the text: every byte of the pattern missing.
        at(0, score);
        for (i, &c) in text.iter().enumerate() {
            let eq = self.positions[usize::from(c)];
            let xv = eq | mv;
            let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            // A part may begin anywhere: the top row stays 0, nothing is carried in.
            ph <<= 1;
            mh <<= 1;
            pv = (mh | !(xv | ph)) & mask;
            mv = ph & xv & mask;
            at(i + 1, score);
        }
    }
}

/// Whether a query of `q` characters is too long to be within `allowed` edits of any part of a
/// text of `t` characters: at least `q - t` of its characters would have to go. This keeps a
/// long query (200 letters) from paying for an alignment against every text.
fn too_long_for(q: usize, t: usize, allowed: usize) -> bool {
    q > t + allowed
}

/// The edit distance between `q` and the closest substring of `t` (semi-global alignment).
pub fn substring_distance<T: PartialEq>(q: &[T], t: &[T]) -> usize {
    substring_distance_within(q, t, usize::MAX)
}

/// [`substring_distance`] when it is at most `limit`; otherwise some number above `limit`,
/// found sooner: a row's smallest value never shrinks in the next row, so once every value of
/// a row is past `limit` the answer is too.
fn substring_distance_within<T: PartialEq>(q: &[T], t: &[T], limit: usize) -> usize {
    // prev[j]: distance of q[..i] against a substring of t ending at j.
    let mut prev = vec![0usize; t.len() + 1];
    let mut cur = vec![0usize; t.len() + 1];
    for (i, qc) in q.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, tc) in t.iter().enumerate() {
            let substitute = prev[j] + usize::from(qc != tc);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        std::mem::swap(&mut prev, &mut cur);
        if row_min > limit {
            return row_min;
        }
    }
    prev.into_iter().min().unwrap_or(q.len())
}

/// The edit distance between `q` and the closest part of `t` that begins at one of `starts` (a
/// syllable of a pinyin reading): one alignment, in which the text before the part is free only
/// up to a syllable start, so `enghuo` is not found inside sh*enghuo* while `shenhuo` is one
/// edit from *shenghuo*.
#[cfg(test)]
fn syllable_distance(q: &[u8], t: &[u8], starts: &[u16]) -> usize {
    syllable_distance_within(q, t, starts, usize::MAX)
}

/// [`syllable_distance`] when it is at most `limit`, else some number above it (found sooner,
/// as in [`substring_distance_within`]).
#[cfg(test)]
fn syllable_distance_within(q: &[u8], t: &[u8], starts: &[u16], limit: usize) -> usize {
    syllable_distance_in(q, t, starts, 0..t.len(), limit)
}

/// [`syllable_distance_within`] over the parts of `t` that begin and end inside `window` (byte
/// offsets): the same answer when the closest part lies there, else an answer at least as
/// large. A part beginning after a syllable start still pays for the letters since that start,
/// before the window as well.
fn syllable_distance_in(
    q: &[u8],
    t: &[u8],
    starts: &[u16],
    window: std::ops::Range<usize>,
    limit: usize,
) -> usize {
    let (from, to) = (window.start.min(t.len()), window.end.min(t.len()));
    let t = &t[from..to.max(from)];
    // Row 0: aligning nothing with the text up to `from + j` costs the letters since the last
    // syllable start.
    let mut prev = [0u32; 128];
    let mut cur = [0u32; 128];
    let mut heap: (Vec<u32>, Vec<u32>);
    let (prev, cur): (&mut [u32], &mut [u32]) = if t.len() < 128 {
        (&mut prev[..=t.len()], &mut cur[..=t.len()])
    } else {
        heap = (vec![0; t.len() + 1], vec![0; t.len() + 1]);
        (&mut heap.0, &mut heap.1)
    };
    let mut next_start = starts.iter().map(|&s| usize::from(s)).peekable();
    let mut last_start: Option<usize> = None;
    for (j, cell) in prev.iter_mut().enumerate() {
        let at = from + j;
        while next_start.peek().is_some_and(|&s| s <= at) {
            last_start = next_start.next();
        }
        *cell = last_start.map_or(at + q.len(), |s| at - s) as u32;
    }
    let (mut prev, mut cur) = (prev, cur);
    for qc in q {
        cur[0] = prev[0] + 1;
        let mut row_min = cur[0];
        for (j, tc) in t.iter().enumerate() {
            let substitute = prev[j] + u32::from(qc != tc);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        std::mem::swap(&mut prev, &mut cur);
        if row_min as usize > limit {
            return row_min as usize;
        }
    }
    prev.iter().copied().min().map_or(q.len(), |d| d as usize)
}

fn contains(haystack: &[char], needle: &[char]) -> bool {
    needle.len() <= haystack.len() && haystack.windows(needle.len()).any(|w| w == needle)
}

const STOP_WORDS: [&str; 8] = ["a", "an", "the", "of", "for", "and", "to", "in"];

/// Full-width ASCII (ｄｉｂａｏ, from Chinese input methods) to half-width.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn compact_chars(s: &str) -> Vec<char> {
    s.chars()
        .map(fold_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(s: &str) -> Vec<String> {
    s.chars()
        .map(fold_width)
        .collect::<String>()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// An English word's stem, so that plurals and their singulars meet: `certificates` →
/// `certificate`, `allowances` → `allowance`, `subsidies` → `subsidy`, `boxes` → `box`; words of
/// three letters or fewer, and `-ss`, `-us`, `-is` endings (`address`, `bus`, `basis`), are kept.
pub fn stem(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if w.len() <= 3 || !w.is_ascii() {
        return w;
    }
    if let Some(base) = w.strip_suffix("ies") {
        return format!("{base}y");
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if w.ends_with(ending) {
            return w[..w.len() - 2].to_owned();
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w;
    }
    match w.strip_suffix('s') {
        Some(base) => base.to_owned(),
        None => w,
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Every pinyin reading of `chars` (up to [`MAX_READINGS`]) with where its syllables start, and
/// their initials. Characters without a reading (letters, digits) are kept as they are.
fn pinyin_readings(chars: &[char]) -> (Vec<String>, Vec<Vec<u16>>, Vec<String>) {
    // Each reading is built as (full, syllable starts, initials); polyphonic characters fork it.
    let mut readings: Vec<(String, Vec<u16>, String)> =
        vec![(String::new(), Vec::new(), String::new())];
    for &c in chars {
        let options: Vec<&'static str> = match c.to_pinyin_multi() {
            Some(multi) => {
                let mut v: Vec<&str> = multi.into_iter().map(|p| p.plain()).collect();
                v.dedup();
                v
            }
            None => {
                for r in &mut readings {
                    if c.is_ascii_alphanumeric() {
                        r.1.push(r.0.len() as u16);
                        r.0.push(c);
                        r.2.push(c);
                    }
                }
                continue;
            }
        };
        let keep = options.len().min((MAX_READINGS / readings.len()).max(1));
        let mut next = Vec::with_capacity(readings.len() * keep);
        for (full, starts, initials) in &readings {
            for syllable in &options[..keep] {
                let syllable = syllable.replace(['ü', 'v'], "u");
                let mut s = starts.clone();
                s.push(full.len() as u16);
                let mut f = full.clone();
                f.push_str(&syllable);
                let mut i = initials.clone();
                i.extend(syllable.chars().next());
                next.push((f, s, i));
            }
        }
        readings = next;
    }
    let mut full: Vec<String> = Vec::with_capacity(readings.len());
    let mut starts: Vec<Vec<u16>> = Vec::with_capacity(readings.len());
    let mut initials: Vec<String> = Vec::with_capacity(readings.len());
    for (f, s, i) in readings {
        // Consecutive duplicates only, as before (the starts of equal readings are equal).
        if full.last() != Some(&f) {
            full.push(f);
            starts.push(s);
        }
        initials.push(i);
    }
    initials.sort();
    initials.dedup();
    (full, starts, initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(query: &str, text: &str, field: Field) -> f32 {
        score(
            &Query::parse(query),
            &SearchText::new(text, field),
            Pass::Fuzzy,
        )
    }

    #[test]
    fn chinese_exact_beats_prefix_beats_substring() {
        let exact = s("低保", "低保", Field::Colloquial);
        let prefix = s("最低", "最低生活保障", Field::Name);
        let inside = s("生活保障", "最低生活保障", Field::Name);
        assert!(exact > prefix && prefix > inside && inside > 0.0);
    }

    #[test]
    fn pinyin_and_initials_match() {
        assert!(s("dibao", "低保", Field::Colloquial) > 0.9);
        assert!(s("ylbx", "医疗保险", Field::Name) > 0.85);
        assert!(s("juzhu", "居住证", Field::Name) > 0.8);
        assert!(
            s("ＤＩＢＡＯ", "低保", Field::Colloquial) > 0.9,
            "full-width letters fold"
        );
        assert!(
            s("di bao", "低保", Field::Colloquial) > 0.9,
            "spaces are ignored"
        );
    }

    #[test]
    fn polyphonic_characters_match_every_reading() {
        // 调 reads tiao (调解) and diao; 行 reads xing and hang.
        assert!(s("tiaojie", "人民调解", Field::Name) > 0.6);
        assert!(s("rmtj", "人民调解", Field::Name) > 0.6);
    }

    #[test]
    fn u_umlaut_is_typed_as_v_or_u() {
        assert!(s("falvyuanzhu", "法律援助", Field::Name) > 0.9);
        assert!(s("faluyuanzhu", "法律援助", Field::Name) > 0.9);
    }

    #[test]
    fn typos_are_tolerated_only_in_the_fuzzy_pass() {
        let q = Query::parse("最低生活保证");
        let t = SearchText::new("最低生活保障", Field::Name);
        assert_eq!(score(&q, &t, Pass::Exact), 0.0);
        assert!(score(&q, &t, Pass::Fuzzy) > 0.4);
        assert!(
            s("居驻证", "居住证", Field::Name) > 0.8,
            "homophones match by sound"
        );
        assert!(s("法律缓助", "法律援助", Field::Name) > 0.4);
        assert_eq!(s("天气预报", "法律援助", Field::Name), 0.0);
    }

    #[test]
    fn english_words_match_by_prefix() {
        let t = "Minimum living allowance (dibao)";
        assert!(s("minimum living allowance", t, Field::NameEn) > 0.8);
        assert!(s("living allow", t, Field::NameEn) > 0.8);
        assert_eq!(s("passport", t, Field::NameEn), 0.0);
        // Only the last word may be unfinished: an earlier one was typed whole.
        assert_eq!(s("liv allowance", t, Field::NameEn), 0.0);
        let card = "Social security card application";
        assert!(s("security car", card, Field::NameEn) > 0.8);
        assert_eq!(s("car insurance quote", card, Field::NameEn), 0.0);
    }

    #[test]
    fn descriptions_match_literally_only() {
        let d = "为老年人提供送餐上门服务";
        assert!(s("送餐", d, Field::Description) > 0.0);
        assert_eq!(s("songcan", d, Field::Description), 0.0);
    }

    #[test]
    fn points_lead_only_when_they_matched_better() {
        assert!(points_lead(Some(0.69), Some(0.74)));
        assert!(
            !points_lead(Some(1.0), Some(1.0)),
            "a tie goes to the items"
        );
        assert!(!points_lead(Some(0.9), Some(0.7)));
        assert!(points_lead(None, Some(0.3)));
        assert!(!points_lead(Some(0.3), None));
        assert!(!points_lead(None, None));
        // 服务中心: a point's name holds it; an item has it only inside a longer alias.
        let q = Query::parse("服务中心");
        let point = score(
            &q,
            &SearchText::new("西营门街道社区服务中心", Field::Name),
            Pass::Exact,
        );
        let alias = score(
            &q,
            &SearchText::new("社区综合文化服务中心场地预约", Field::Alias),
            Pass::Exact,
        ) * Field::Alias.weight();
        assert!(points_lead(Some(alias), Some(point)), "{alias} vs {point}");
    }

    #[test]
    fn best_match_weighs_fields() {
        let texts = [
            SearchText::new("老年人优待证", Field::Name),
            SearchText::new("老年证", Field::Colloquial),
        ];
        let (score, index) = best_match(&Query::parse("老年证"), &texts, Pass::Exact).unwrap();
        assert_eq!(index, 1);
        assert!(score > 0.99);
    }

    #[test]
    fn random_input_never_panics() {
        let mut rng = fastrand::Rng::with_seed(11);
        let texts: Vec<SearchText> = [
            "最低生活保障",
            "Minimum living allowance",
            "低保",
            "银行",
            "",
        ]
        .iter()
        .map(|t| SearchText::new(t, Field::Name))
        .collect();
        let alphabet: Vec<char> = "低保a Zｄ１!？\u{3000}\u{0301}\u{1F600}\u{10FFFF}长行调乐\0"
            .chars()
            .collect();
        for _ in 0..2_000 {
            let len = rng.usize(0..40);
            let q: String = (0..len)
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect();
            let query = Query::parse(&q);
            for pass in [Pass::Exact, Pass::Fuzzy] {
                let s = best_match(&query, &texts, pass).map_or(0.0, |(s, _)| s);
                assert!((0.0..=1.0).contains(&s), "{q:?} scored {s}");
            }
        }
    }

    #[test]
    fn substring_distance_counts_edits() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(substring_distance(&c("保障"), &c("最低生活保障")), 0);
        assert_eq!(
            substring_distance(&c("生活保证"), &c("最低生活保障申请")),
            1
        );
        assert_eq!(substring_distance(&c("abc"), &c("")), 3);
        assert_eq!(substring_distance(b"juzhuzeng", b"juzhuzheng"), 1);
    }

    #[test]
    fn the_bit_parallel_distance_is_the_substring_distance() {
        let mut rng = fastrand::Rng::with_seed(6);
        for _ in 0..5_000 {
            let word = |n: usize, rng: &mut fastrand::Rng| -> Vec<u8> {
                (0..n).map(|_| b"abcd"[rng.usize(..4)]).collect()
            };
            let q = word(rng.usize(1..70), &mut rng);
            let t = word(rng.usize(0..90), &mut rng);
            match BitMatcher::new(&q) {
                Some(m) => assert_eq!(m.substring_distance(&t), substring_distance(&q, &t)),
                None => assert!(q.len() > 64),
            }
        }
    }

    #[test]
    fn bounded_distances_agree_up_to_their_limit() {
        let mut rng = fastrand::Rng::with_seed(4);
        let word = |n: usize, rng: &mut fastrand::Rng| -> Vec<u8> {
            (0..n).map(|_| b"abc"[rng.usize(..3)]).collect()
        };
        for _ in 0..3_000 {
            let q = word(rng.usize(1..10), &mut rng);
            let t = word(rng.usize(0..14), &mut rng);
            let starts: Vec<u16> = (0..t.len() as u16).filter(|_| rng.bool()).collect();
            for limit in 0..3 {
                let full = substring_distance(&q, &t);
                let bounded = substring_distance_within(&q, &t, limit);
                assert!(
                    bounded == full || (full > limit && bounded > limit),
                    "{q:?} {t:?}"
                );
                let full = syllable_distance(&q, &t, &starts);
                let bounded = syllable_distance_within(&q, &t, &starts, limit);
                assert!(
                    bounded == full || (full > limit && bounded > limit),
                    "{q:?} {t:?}"
                );
            }
        }
    }

    #[test]
    fn the_window_of_close_ends_holds_the_closest_syllable_part() {
        let mut rng = fastrand::Rng::with_seed(8);
        let word = |n: usize, rng: &mut fastrand::Rng| -> Vec<u8> {
            (0..n).map(|_| b"abc"[rng.usize(..3)]).collect()
        };
        for _ in 0..5_000 {
            let q = word(rng.usize(1..12), &mut rng);
            let t = word(rng.usize(0..40), &mut rng);
            let starts: Vec<u16> = (0..t.len() as u16).filter(|_| rng.bool()).collect();
            let m = BitMatcher::new(&q).expect("short pattern");
            for limit in 0..3 {
                let full = syllable_distance(&q, &t, &starts);
                match m.ends_within(&t, limit) {
                    None => assert!(full > limit, "{q:?} {t:?}"),
                    Some((first, last)) => {
                        let window = first.saturating_sub(q.len() + limit)..last;
                        let d = syllable_distance_in(&q, &t, &starts, window, limit);
                        assert!(d == full || (full > limit && d > limit), "{q:?} {t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn fuzzy_pinyin_scores_as_aligning_every_reading_whole() {
        // Polyphonic names (several readings sharing beginnings) and a Latin one.
        let texts: Vec<SearchText> = [
            "长青街道重庆路社区",
            "银行会计和平",
            "和平区长乐",
            "中行乐和",
            "12345 hotline",
        ]
        .iter()
        .map(|t| SearchText::new(t, Field::Name))
        .collect();
        let mut rng = fastrand::Rng::with_seed(10);
        for _ in 0..3_000 {
            let t = &texts[rng.usize(..texts.len())];
            let source = if t.readings.is_empty() || rng.u8(..10) == 0 {
                t.words_joined.replace(' ', "")
            } else {
                t.readings[rng.usize(..t.readings.len())].clone()
            };
            if source.is_empty() {
                continue;
            }
            let mut q: Vec<u8> = source.bytes().collect();
            let from = rng.usize(..q.len());
            let mut q = q.split_off(from);
            q.truncate(rng.usize(5..14));
            for _ in 0..rng.usize(..3) {
                let at = rng.usize(..q.len());
                q[at] = b"aeghinoquz"[rng.usize(..10)];
            }
            let query = Query::parse(std::str::from_utf8(&q).expect("ASCII"));
            let q = query.latin.as_bytes();
            if q.len() < 5 {
                continue;
            }
            let allowed = if q.len() >= 9 { 2 } else { 1 };
            let mut want: f32 = 0.0;
            for (r, starts) in t.readings.iter().zip(&t.syllable_starts) {
                let d = syllable_distance(q, r.as_bytes(), starts);
                if d <= allowed {
                    want = want.max(0.6 * (1.0 - d as f32 / q.len() as f32));
                }
            }
            let d = substring_distance(q, t.words_joined.as_bytes());
            if !t.words_joined.is_empty() && d <= allowed {
                want = want.max(0.55 * (1.0 - d as f32 / q.len() as f32));
            }
            assert_eq!(
                fuzzy_score(&query, t),
                want,
                "{:?} {:?}",
                query.latin,
                t.original
            );
        }
    }

    #[test]
    fn the_fuzzy_pass_is_skipped_only_where_it_changes_nothing() {
        let texts: Vec<SearchText> = [
            "最低生活保障",
            "Vaccination",
            "低保",
            "区",
            "Birth certificates",
        ]
        .iter()
        .map(|t| {
            SearchText::new(
                t,
                if t.is_ascii() {
                    Field::NameEn
                } else {
                    Field::Name
                },
            )
        })
        .collect();
        for q in [
            "区",
            "低保",
            "db",
            "dibo",
            "vacc",
            "a b",
            "最低生活保证",
            "vacination",
            "birt cert",
        ] {
            let query = Query::parse(q);
            if !query.fuzzy_can_add() {
                for t in &texts {
                    assert_eq!(
                        score(&query, t, Pass::Exact),
                        score(&query, t, Pass::Fuzzy),
                        "{q}"
                    );
                }
            }
        }
        assert!(!Query::parse("低保").fuzzy_can_add());
        assert!(Query::parse("最低生活保证").fuzzy_can_add());
        assert!(Query::parse("vacination").fuzzy_can_add());
    }

    #[test]
    fn syllable_distance_begins_at_a_syllable() {
        // zui di sheng huo: syllables start at 0, 3, 5, 10.
        let (t, starts) = (b"zuidishenghuo", [0u16, 3, 5, 10]);
        assert_eq!(syllable_distance(b"shenghuo", t, &starts), 0);
        assert_eq!(syllable_distance(b"shenhuo", t, &starts), 1);
        assert_eq!(syllable_distance(b"dishen", t, &starts), 0);
        assert!(syllable_distance(b"enghuo", t, &starts) >= 2);
        assert!(syllable_distance(b"uidish", t, &starts) >= 1);
    }

    #[test]
    fn the_length_bound_never_rules_out_a_close_enough_text() {
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..2_000 {
            let word = |n: usize, rng: &mut fastrand::Rng| -> Vec<u8> {
                (0..n).map(|_| b"abc"[rng.usize(..3)]).collect()
            };
            let q = word(rng.usize(1..12), &mut rng);
            let t = word(rng.usize(0..12), &mut rng);
            for allowed in 0..3 {
                if too_long_for(q.len(), t.len(), allowed) {
                    assert!(substring_distance(&q, &t) > allowed, "{q:?} {t:?}");
                }
            }
        }
        // A 200-letter query matches no short name, in either pass.
        let long = Query::parse(&"a".repeat(200));
        let name = SearchText::new("居住证", Field::Name);
        assert_eq!(score(&long, &name, Pass::Fuzzy), 0.0);
    }

    #[test]
    fn signatures_never_rule_out_a_real_match() {
        // The prefilters are only shortcuts: a text containing the query must still match.
        let t = SearchText::new("城乡居民基本医疗保险参保登记", Field::Name);
        for q in ["医疗保险", "居民", "登记", "城乡居民基本医疗保险参保登记"]
        {
            assert!(score(&Query::parse(q), &t, Pass::Exact) > 0.6, "{q}");
        }
        assert!(score(&Query::parse("ylbx"), &t, Pass::Exact) > 0.6);
        assert!(score(&Query::parse("yiliaobaoxian"), &t, Pass::Exact) > 0.6);
    }

    #[test]
    fn pinyin_inside_a_reading_starts_where_a_syllable_does() {
        // 骨灰撒海 reads gu-hui-sa-hai: `visa` (v typed for ü: `uisa`) runs across hui|sa and
        // is no match; `huisa` starts at a syllable and is one.
        assert_eq!(s("visa", "骨灰撒海", Field::Name), 0.0);
        assert!(s("huisa", "骨灰撒海", Field::Name) > 0.6);
        assert!(s("shenghuo", "最低生活保障", Field::Name) > 0.6);
        assert_eq!(s("enghuo", "最低生活保障", Field::Name), 0.0);
    }

    #[test]
    fn english_texts_match_whole_words_with_plurals_folded() {
        assert!(s("certificates", "Disability certificate", Field::NameEn) > 0.8);
        assert!(s("certificate", "Birth certificates", Field::NameEn) > 0.8);
        assert!(s("subsidies", "Farmland protection subsidy", Field::NameEn) > 0.8);
        assert!(s("VACCINATION", "Vaccination", Field::NameEn) > 0.9);
        // Letters across words or inside a word are no match in English texts.
        assert_eq!(s("visa", "Seek advisable help", Field::NameEn), 0.0);
        assert_eq!(s("cepe", "Residence permit", Field::NameEn), 0.0);
        // Prose matches whole words only; names also by a word's beginning.
        assert!(s("perm", "Residence permit", Field::NameEn) > 0.8);
        assert_eq!(s("perm", "A residence permit", Field::DescriptionEn), 0.0);
        assert!(s("permits", "A residence permit", Field::DescriptionEn) > 0.7);
        // A Chinese query never matches an English text.
        assert_eq!(s("低保", "Dibao", Field::NameEn), 0.0);
        // One wrong letter in a long enough English word, in the fuzzy pass only.
        let q = Query::parse("vacination");
        let t = SearchText::new("Vaccination", Field::NameEn);
        assert_eq!(score(&q, &t, Pass::Exact), 0.0);
        assert!(score(&q, &t, Pass::Fuzzy) > 0.4);
        let fuzzy = |q: &str, t: &str| {
            score(
                &Query::parse(q),
                &SearchText::new(t, Field::ColloquialEn),
                Pass::Fuzzy,
            )
        };
        assert!(fuzzy("pasport", "passport photo") > 0.4);
        assert!(fuzzy("old age crad", "old age card") > 0.4);
        // A typo keeps a word's first letter, and a match begins at a word: `flight` is no
        // misspelt "light", and `ination` is not inside "vaccination".
        assert_eq!(fuzzy("flight", "change a light bulb"), 0.0);
        assert_eq!(fuzzy("ination", "vaccination"), 0.0);
    }

    #[test]
    fn prose_never_matches_only_some_of_the_words() {
        // `old age card` against descriptions holding two of its three words: no match (it
        // listed five unrelated items); with every word there, a (weak) match.
        let prose = "A card with a photo, for residents who are old or disabled";
        assert_eq!(s("old age card", prose, Field::DescriptionEn), 0.0);
        assert_eq!(s("old age card", prose, Field::AddressEn), 0.0);
        assert!(s("old photo card", prose, Field::DescriptionEn) > 0.8);
        // A name may still lack one word of three (a weak match, below a strong one).
        let name = SearchText::new("Senior citizen card", Field::NameEn);
        let weak = score(&Query::parse("senior bus card"), &name, Pass::Fuzzy);
        assert!(weak > 0.0 && weak < STRONG_MATCH, "{weak}");
        // One word of two is never enough, in a name or anywhere.
        assert_eq!(s("elderly card", "Senior citizen card", Field::NameEn), 0.0);
    }

    #[test]
    fn everyday_english_names_match_like_the_english_name() {
        let texts = [
            SearchText::new("老年人优待证", Field::Name),
            SearchText::new("Senior Citizen Preferential Card", Field::NameEn),
            SearchText::new("elderly card", Field::ColloquialEn),
            SearchText::new("old age card", Field::ColloquialEn),
        ];
        for (query, text) in [
            ("elderly card", 2),
            ("Old Age Cards", 3),
            ("elder card", 2),
            ("senior citizen card", 1),
        ] {
            let (score, index) = best_match(&Query::parse(query), &texts, Pass::Exact).unwrap();
            assert_eq!(index, text, "{query}");
            assert!(score >= STRONG_MATCH, "{query}: {score}");
        }
        assert_eq!(Field::ColloquialEn.weight(), Field::NameEn.weight());
        // Whole words, as in English names: no letters across words.
        assert_eq!(s("yca", "elderly card", Field::ColloquialEn), 0.0);
        assert_eq!(s("老年", "elderly card", Field::ColloquialEn), 0.0);
        // A slip of one letter, in the fuzzy pass.
        let q = Query::parse("elderley card");
        let t = SearchText::new("elderly card", Field::ColloquialEn);
        assert_eq!(score(&q, &t, Pass::Exact), 0.0);
        assert!(score(&q, &t, Pass::Fuzzy) > 0.4);
    }

    #[test]
    fn stems_fold_common_plurals_and_keep_the_rest() {
        for (word, stem_of) in [
            ("certificates", "certificate"),
            ("allowances", "allowance"),
            ("subsidies", "subsidy"),
            ("boxes", "box"),
            ("address", "address"),
            ("basis", "basis"),
            ("bus", "bus"),
            ("ids", "ids"),
            ("Seniors", "senior"),
        ] {
            assert_eq!(stem(word), stem_of, "{word}");
        }
    }
}

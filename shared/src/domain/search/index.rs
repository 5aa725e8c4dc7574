//! An inverted index over prepared texts: which records can match a query at all, so that a
//! search scores only those instead of every text of the directory.
//!
//! The index never decides an order. For every kind of match [`score`] knows, it holds postings
//! (sorted lists of text ids) keyed by something every matching text must have:
//!
//! | match (see `score`) | a text can only match if it holds | postings |
//! | --- | --- | --- |
//! | the query inside the text (exact, prefix, substring) | every character pair of the query (one character for a one-character query) | `CHAR2`, `CHAR1` |
//! | the text inside the query (`办理低保` → 低保) | its whole compact text, equal to a window of the query | `WHOLE` (a rolling hash per text length) |
//! | same sound (居驻证 → 居住证) | a pinyin reading equal to one of the query's | `READING` |
//! | full pinyin at a syllable | the query's first three letters at a syllable start, every letter triple of the query in a reading | `SYL3`, `READ3` (`READING` for two letters) |
//! | initials (`ylbx`) | every letter triple of the query in its initials (the first two for two letters) | `INIT3`, `INIT2` |
//! | English words | a word equal to the query word's (stem), or beginning with it in names | three vocabularies |
//! | one or two edits (fuzzy pass) | at least `n - k` of the query's characters, or `n - 1 - 2k` of its letter pairs (q-gram lemma), hence one of the `k + 1` (or `2k + 1`) rarest; for pinyin also `n - 2 - 3k` of its letter triples | `CHAR1`, `LATIN2`, `LATIN3`, `EN2` |
//!
//! Texts are interned: a district's name shared by 3,000 points is one text, scored once per
//! query. A record's best text is found exactly as [`super::best_match`] finds it (first text
//! with the highest weighted score), so results equal a scan's; the tests below and the server's
//! comparison at province scale check that.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{Field, Pass, Query, SearchText, exact_score, score, with_fuzzy};

/// One record's best text: its score (field weight included) and the text's position among the
/// record's texts (as given to [`SearchIndexBuilder::record`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub record: u32,
    pub score: f32,
    pub text: u32,
}

/// Collects records and their texts; [`SearchIndexBuilder::build`] makes the index.
#[derive(Default)]
pub struct SearchIndexBuilder {
    texts: Vec<SearchText>,
    interned: HashMap<(Field, String), u32>,
    record_start: Vec<u32>,
    record_text: Vec<u32>,
}

impl SearchIndexBuilder {
    pub fn new() -> SearchIndexBuilder {
        SearchIndexBuilder {
            record_start: vec![0],
            ..SearchIndexBuilder::default()
        }
    }

    /// Adds the next record (ids count from 0) with its texts in order of preference.
    pub fn record<'a>(&mut self, texts: impl IntoIterator<Item = (&'a str, Field)>) {
        for (text, field) in texts {
            let next = self.texts.len() as u32;
            let id = *self
                .interned
                .entry((field, text.to_owned()))
                .or_insert(next);
            if id == next {
                self.texts.push(SearchText::new(text, field));
            }
            self.record_text.push(id);
        }
        self.record_start.push(self.record_text.len() as u32);
    }

    pub fn build(self) -> SearchIndex {
        let SearchIndexBuilder {
            texts,
            record_start,
            record_text,
            ..
        } = self;
        // Which records hold each text, as one flat list.
        let mut counts = vec![0u32; texts.len() + 1];
        for &t in &record_text {
            counts[t as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let text_start = counts.clone();
        let mut text_record = vec![0u32; record_text.len()];
        let records = record_start.len() - 1;
        for r in 0..records {
            for &t in &record_text[record_start[r] as usize..record_start[r + 1] as usize] {
                let slot = &mut counts[t as usize];
                // A record holding the same text twice is listed once.
                if *slot == text_start[t as usize] || text_record[*slot as usize - 1] != r as u32 {
                    text_record[*slot as usize] = r as u32;
                    *slot += 1;
                }
            }
        }
        let mut postings = Postings::default();
        let mut stats = Lengths::default();
        for (id, text) in texts.iter().enumerate() {
            add_text(&mut postings, &mut stats, id as u32, text);
        }
        let mut lengths: Vec<usize> = stats.whole.into_iter().collect();
        lengths.sort_unstable();
        SearchIndex {
            texts,
            record_start,
            record_text,
            text_start,
            text_record,
            grams: postings.grams.finish(),
            vocab: postings.vocab.map(Vocab::finish),
            whole_lengths: lengths,
            max_fuzzy_chars: stats.fuzzy_chars,
            max_fuzzy_latin: stats.fuzzy_latin,
            max_fuzzy_english: stats.fuzzy_english,
        }
    }
}

/// The index of one list of records (the items, or the points).
pub struct SearchIndex {
    texts: Vec<SearchText>,
    record_start: Vec<u32>,
    record_text: Vec<u32>,
    text_start: Vec<u32>,
    text_record: Vec<u32>,
    grams: Lists,
    vocab: [Vocab; 3],
    /// The compact lengths (2 and more) of texts that can match inside a query.
    whole_lengths: Vec<usize>,
    /// The longest compact text, reading and English name that a fuzzy match may align with:
    /// a query longer by more than the edits allowed cannot be close to any of them.
    max_fuzzy_chars: usize,
    max_fuzzy_latin: usize,
    max_fuzzy_english: usize,
}

// Postings keys: a tag in the top byte, the gram below it.
const CHAR1: u64 = 1 << 56;
const CHAR2: u64 = 2 << 56;
const WHOLE: u64 = 3 << 56;
const READING: u64 = 4 << 56;
const SYL3: u64 = 5 << 56;
const READ3: u64 = 6 << 56;
const INIT2: u64 = 7 << 56;
const INIT3: u64 = 8 << 56;
const LATIN2: u64 = 9 << 56;
const EN2: u64 = 10 << 56;
const LATIN3: u64 = 11 << 56;
const LOW_56: u64 = (1 << 56) - 1;

// The vocabularies: words of non-English names (as written), of English names (stems, matched
// also by a word's beginning), of English prose (stems, whole words only).
const RAW_WORDS: usize = 0;
const EN_NAME_WORDS: usize = 1;
const EN_PROSE_WORDS: usize = 2;

/// At most this many postings lists are intersected for one kind of match: the rest could only
/// shrink an already short list, and a 200-character query would otherwise look up 199.
const MAX_INTERSECTED: usize = 6;

fn pair_key(tag: u64, a: char, b: char) -> u64 {
    tag | (a as u64) << 21 | b as u64
}

/// Up to three bytes (Latin letters and digits, never 0) as a key.
fn bytes_key(tag: u64, bytes: &[u8]) -> u64 {
    tag | bytes.iter().fold(0u64, |k, &b| k << 8 | u64::from(b))
}

fn hash_key(tag: u64, bytes: &[u8]) -> u64 {
    let mut h = FastHasher::default();
    h.write(bytes);
    tag | (h.finish() & LOW_56)
}

/// A polynomial hash of a run of characters, computed for every window of a query by rolling.
const ROLL_BASE: u64 = 0x0000_0100_0000_01B3;

fn whole_key(chars: &[char]) -> u64 {
    let h = chars.iter().fold(0u64, |h, &c| {
        h.wrapping_mul(ROLL_BASE).wrapping_add(c as u64)
    });
    WHOLE | (mix(h ^ chars.len() as u64) & LOW_56)
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^ (x >> 33)
}

#[derive(Default)]
struct Lengths {
    whole: std::collections::HashSet<usize>,
    fuzzy_chars: usize,
    fuzzy_latin: usize,
    fuzzy_english: usize,
}

#[derive(Default)]
struct Postings {
    grams: ListsBuilder,
    vocab: [VocabBuilder; 3],
}

fn add_text(p: &mut Postings, lengths: &mut Lengths, id: u32, t: &SearchText) {
    let g = &mut p.grams;
    if t.field.english() {
        let (class, fuzzy) = if t.field.whole_words_only() {
            (EN_PROSE_WORDS, false)
        } else {
            (EN_NAME_WORDS, true)
        };
        for w in &t.words {
            p.vocab[class].add(w, id);
        }
        if fuzzy {
            for pair in t.words_joined.as_bytes().windows(2) {
                g.add(bytes_key(EN2, pair), id);
            }
            lengths.fuzzy_english = lengths.fuzzy_english.max(t.words_joined.len());
        }
        return;
    }
    for pair in t.compact.windows(2) {
        g.add(pair_key(CHAR2, pair[0], pair[1]), id);
    }
    if t.compact.len() >= 2 {
        g.add(whole_key(&t.compact), id);
        lengths.whole.insert(t.compact.len());
    }
    if t.field.literal_only() {
        return;
    }
    for &c in &t.compact {
        g.add(CHAR1 | c as u64, id);
    }
    lengths.fuzzy_chars = lengths.fuzzy_chars.max(t.compact.len());
    for (r, starts) in t.readings.iter().zip(&t.syllable_starts) {
        let b = r.as_bytes();
        g.add(hash_key(READING, b), id);
        for tri in b.windows(3) {
            g.add(bytes_key(READ3, tri), id);
        }
        for &s in starts {
            if let Some(tri) = b.get(usize::from(s)..usize::from(s) + 3) {
                g.add(bytes_key(SYL3, tri), id);
            }
        }
        for pair in b.windows(2) {
            g.add(bytes_key(LATIN2, pair), id);
        }
        for tri in b.windows(3) {
            g.add(bytes_key(LATIN3, tri), id);
        }
        lengths.fuzzy_latin = lengths.fuzzy_latin.max(b.len());
    }
    for i in &t.initials {
        let b = i.as_bytes();
        if let Some(two) = b.get(..2) {
            g.add(bytes_key(INIT2, two), id);
        }
        for tri in b.windows(3) {
            g.add(bytes_key(INIT3, tri), id);
        }
    }
    for w in &t.words {
        p.vocab[RAW_WORDS].add(w, id);
    }
    for pair in t.words_joined.as_bytes().windows(2) {
        g.add(bytes_key(LATIN2, pair), id);
    }
    for tri in t.words_joined.as_bytes().windows(3) {
        g.add(bytes_key(LATIN3, tri), id);
    }
    lengths.fuzzy_latin = lengths.fuzzy_latin.max(t.words_joined.len());
}

/// Postings by key, while building: texts are added in id order, so each list comes sorted.
#[derive(Default)]
struct ListsBuilder(HashMap<u64, Vec<u32>, BuildHasherDefault<FastHasher>>);

impl ListsBuilder {
    fn add(&mut self, key: u64, id: u32) {
        let list = self.0.entry(key).or_default();
        if list.last() != Some(&id) {
            list.push(id);
        }
    }

    fn finish(self) -> Lists {
        let mut ids = Vec::with_capacity(self.0.values().map(Vec::len).sum());
        let mut at = HashMap::with_capacity_and_hasher(self.0.len(), Default::default());
        for (key, list) in self.0 {
            at.insert(key, (ids.len() as u32, list.len() as u32));
            ids.extend(list);
        }
        Lists { at, ids }
    }
}

/// Every postings list in one vector.
struct Lists {
    at: HashMap<u64, (u32, u32), BuildHasherDefault<FastHasher>>,
    ids: Vec<u32>,
}

impl Lists {
    fn get(&self, key: u64) -> &[u32] {
        match self.at.get(&key) {
            Some(&(start, len)) => &self.ids[start as usize..(start + len) as usize],
            None => &[],
        }
    }
}

#[derive(Default)]
struct VocabBuilder(HashMap<String, Vec<u32>>);

impl VocabBuilder {
    fn add(&mut self, word: &str, id: u32) {
        if let Some(list) = self.0.get_mut(word) {
            if list.last() != Some(&id) {
                list.push(id);
            }
        } else {
            self.0.insert(word.to_owned(), vec![id]);
        }
    }
}

impl Vocab {
    fn finish(b: VocabBuilder) -> Vocab {
        let mut words: Vec<(String, Vec<u32>)> = b.0.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut ids = Vec::new();
        let words = words
            .into_iter()
            .map(|(w, list)| {
                let start = ids.len() as u32;
                ids.extend(list);
                (w, start, ids.len() as u32)
            })
            .collect();
        Vocab { words, ids }
    }

    fn exact(&self, word: &str) -> &[u32] {
        match self
            .words
            .binary_search_by(|(w, _, _)| w.as_str().cmp(word))
        {
            Ok(i) => self.list(i),
            Err(_) => &[],
        }
    }

    /// The lists of every word that begins with `prefix` (the word itself included).
    fn starting_with<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a [u32]> + 'a {
        let from = self.words.partition_point(|(w, _, _)| w.as_str() < prefix);
        self.words[from..]
            .iter()
            .take_while(move |(w, _, _)| w.starts_with(prefix))
            .enumerate()
            .map(move |(i, _)| self.list(from + i))
    }

    fn list(&self, i: usize) -> &[u32] {
        let (_, start, end) = &self.words[i];
        &self.ids[*start as usize..*end as usize]
    }
}

/// Words in order, each with its postings.
struct Vocab {
    words: Vec<(String, u32, u32)>,
    ids: Vec<u32>,
}

/// FxHash's mixing (one multiply per word), with the high bits folded down at the end so that
/// keys differing only in their tag spread over the table.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        self.add(bytes.len() as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
}

/// A query's working memory: marks instead of clearing (generation numbers), so a query
/// touching 20 texts of 40,000 pays for 20. Kept per thread between queries.
#[derive(Default)]
struct Scratch {
    generation: u32,
    text_mark: Vec<u32>,
    /// Each candidate text's score without its field's weight (the exact pass's, then the
    /// fuzzy pass's).
    text_score: Vec<f32>,
    record_generation: u32,
    record_mark: Vec<u32>,
    candidates: Vec<u32>,
    work: Vec<u32>,
}

impl Scratch {
    fn begin(&mut self, texts: usize, records: usize) {
        if self.generation == u32::MAX {
            self.generation = 0;
            self.text_mark.iter_mut().for_each(|m| *m = 0);
        }
        self.generation += 1;
        if self.text_mark.len() < texts {
            self.text_mark.resize(texts, 0);
            self.text_score.resize(texts, 0.0);
        }
        if self.record_mark.len() < records {
            self.record_mark.resize(records, 0);
        }
        self.candidates.clear();
    }

    fn next_record_generation(&mut self) -> u32 {
        if self.record_generation == u32::MAX {
            self.record_generation = 0;
            self.record_mark.iter_mut().for_each(|m| *m = 0);
        }
        self.record_generation += 1;
        self.record_generation
    }

    /// Adds texts to the candidates, each once (a new one with score 0).
    fn add(&mut self, ids: &[u32]) {
        for &t in ids {
            let mark = &mut self.text_mark[t as usize];
            if *mark != self.generation {
                *mark = self.generation;
                self.text_score[t as usize] = 0.0;
                self.candidates.push(t);
            }
        }
    }
}

thread_local! {
    /// Scratches not in use on this thread (a search holds one per index while it runs).
    static SCRATCH: RefCell<Vec<Scratch>> = const { RefCell::new(Vec::new()) };
}

/// One query against one index: [`QueryRun::matches`] for the exact pass, then, if the caller
/// wants it, for the fuzzy pass, which scores only what the exact pass could not settle.
pub struct QueryRun<'a> {
    index: &'a SearchIndex,
    query: &'a Query,
    scratch: Scratch,
    scored: Option<Pass>,
}

impl QueryRun<'_> {
    /// Every record that matches in `pass` and that `allowed` lets through, with its best text,
    /// in no particular order: the same records, scores and texts as scoring every text of
    /// every record ([`SearchIndex::scan`]).
    pub fn matches(&mut self, pass: Pass, allowed: &dyn Fn(u32) -> bool, out: &mut Vec<Match>) {
        if self.scored.is_none() {
            self.index.literal_candidates(self.query, &mut self.scratch);
            self.index.exact_candidates(self.query, &mut self.scratch);
            let s = &mut self.scratch;
            for &t in &s.candidates {
                s.text_score[t as usize] = exact_score(self.query, &self.index.texts[t as usize]);
            }
            self.scored = Some(Pass::Exact);
        }
        if pass == Pass::Fuzzy && self.scored == Some(Pass::Exact) {
            // Texts new to the candidates scored 0 in the exact pass (they could not match).
            self.index.fuzzy_candidates(self.query, &mut self.scratch);
            let s = &mut self.scratch;
            for &t in &s.candidates {
                let exact = s.text_score[t as usize];
                s.text_score[t as usize] =
                    with_fuzzy(self.query, &self.index.texts[t as usize], exact);
            }
            self.scored = Some(Pass::Fuzzy);
        }
        self.index.collect(&mut self.scratch, allowed, out);
    }
}

impl Drop for QueryRun<'_> {
    fn drop(&mut self) {
        let scratch = std::mem::take(&mut self.scratch);
        SCRATCH.with(|pool| pool.borrow_mut().push(scratch));
    }
}

impl SearchIndex {
    pub fn record_count(&self) -> usize {
        self.record_start.len() - 1
    }

    /// Distinct texts (a text shared by many records counts once).
    pub fn text_count(&self) -> usize {
        self.texts.len()
    }

    /// The `position`th text of a record, as given to the builder.
    pub fn record_text(&self, record: u32, position: u32) -> &SearchText {
        let at = self.record_start[record as usize] + position;
        &self.texts[self.record_text[at as usize] as usize]
    }

    fn texts_of(&self, record: u32) -> &[u32] {
        &self.record_text[self.record_start[record as usize] as usize
            ..self.record_start[record as usize + 1] as usize]
    }

    fn records_of(&self, text: u32) -> &[u32] {
        &self.text_record
            [self.text_start[text as usize] as usize..self.text_start[text as usize + 1] as usize]
    }

    /// Heap bytes held by the prepared texts, and by the rest of the index (postings,
    /// vocabularies, links between texts and records), roughly.
    pub fn heap_bytes(&self) -> (usize, usize) {
        let text_bytes: usize = self.texts.iter().map(SearchText::heap_bytes).sum();
        let lists = self.grams.ids.capacity() * 4 + self.grams.at.capacity() * 24;
        let vocab: usize = self
            .vocab
            .iter()
            .map(|v| {
                v.ids.capacity() * 4 + v.words.iter().map(|w| w.0.capacity() + 32).sum::<usize>()
            })
            .sum();
        let links = (self.record_start.capacity()
            + self.record_text.capacity()
            + self.text_start.capacity()
            + self.text_record.capacity())
            * 4;
        (text_bytes, lists + vocab + links)
    }

    /// Starts a query on this index.
    pub fn run<'a>(&'a self, query: &'a Query) -> QueryRun<'a> {
        let mut scratch = SCRATCH
            .with(|pool| pool.borrow_mut().pop())
            .unwrap_or_default();
        scratch.begin(self.texts.len(), self.record_count());
        QueryRun {
            index: self,
            query,
            scratch,
            scored: None,
        }
    }

    /// [`QueryRun::matches`] of one pass (the fuzzy pass after the exact one).
    pub fn matches(
        &self,
        query: &Query,
        pass: Pass,
        allowed: &dyn Fn(u32) -> bool,
        out: &mut Vec<Match>,
    ) {
        let mut run = self.run(query);
        if pass == Pass::Fuzzy {
            run.matches(Pass::Exact, &|_| false, &mut Vec::new());
        }
        run.matches(pass, allowed, out);
    }

    /// The records of the positive candidate texts, each with its best text.
    fn collect(&self, s: &mut Scratch, allowed: &dyn Fn(u32) -> bool, out: &mut Vec<Match>) {
        let generation = s.generation;
        let records = s.next_record_generation();
        for &t in &s.candidates {
            if s.text_score[t as usize] <= 0.0 {
                continue;
            }
            for &r in self.records_of(t) {
                if s.record_mark[r as usize] == records {
                    continue;
                }
                s.record_mark[r as usize] = records;
                if !allowed(r) {
                    continue;
                }
                let mut best: Option<(f32, u32)> = None;
                for (position, &u) in self.texts_of(r).iter().enumerate() {
                    if s.text_mark[u as usize] != generation {
                        continue;
                    }
                    let score = s.text_score[u as usize] * self.texts[u as usize].field.weight();
                    if score > 0.0 && best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, position as u32));
                    }
                }
                if let Some((score, text)) = best {
                    out.push(Match {
                        record: r,
                        score,
                        text,
                    });
                }
            }
        }
    }

    /// The same answer as [`SearchIndex::matches`], found the slow way: every text of every
    /// allowed record scored. For tests and the benchmark's comparison.
    pub fn scan(
        &self,
        query: &Query,
        pass: Pass,
        allowed: &dyn Fn(u32) -> bool,
        out: &mut Vec<Match>,
    ) {
        for r in 0..self.record_count() as u32 {
            if !allowed(r) {
                continue;
            }
            let mut best: Option<(f32, u32)> = None;
            for (position, &t) in self.texts_of(r).iter().enumerate() {
                let text = &self.texts[t as usize];
                let s = score(query, text, pass) * text.field.weight();
                if s > 0.0 && best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, position as u32));
                }
            }
            if let Some((score, text)) = best {
                out.push(Match {
                    record: r,
                    score,
                    text,
                });
            }
        }
    }

    /// The texts the index would score for `query` (a superset of those scoring above 0),
    /// sorted. For tests and measurements.
    pub fn candidate_texts(&self, query: &Query, pass: Pass) -> Vec<u32> {
        let mut run = self.run(query);
        run.matches(pass, &|_| false, &mut Vec::new());
        let mut c = run.scratch.candidates.clone();
        c.sort_unstable();
        c
    }

    /// The exact pass's candidates beyond the literal ones.
    fn exact_candidates(&self, q: &Query, s: &mut Scratch) {
        if q.is_empty() {
            return;
        }
        if q.has_han {
            // Same sound, other characters.
            for r in &q.readings {
                s.add(self.grams.get(hash_key(READING, r.as_bytes())));
            }
        } else {
            self.pinyin_candidates(q, s);
            self.word_candidates(q, s);
        }
    }

    /// The query inside a text, or a text inside the query.
    fn literal_candidates(&self, q: &Query, s: &mut Scratch) {
        let chars = &q.compact;
        if chars.is_empty() {
            return;
        } else if chars.len() == 1 {
            s.add(self.grams.get(CHAR1 | chars[0] as u64));
        } else {
            let lists = chars
                .windows(2)
                .map(|p| self.grams.get(pair_key(CHAR2, p[0], p[1])));
            intersect_into(lists, s);
        }
        // Every window of the query as long as some text: a rolling hash per length.
        for &len in &self.whole_lengths {
            if len > chars.len() {
                break;
            }
            let mut power = 1u64;
            for _ in 1..len {
                power = power.wrapping_mul(ROLL_BASE);
            }
            let mut h = chars[..len].iter().fold(0u64, |h, &c| {
                h.wrapping_mul(ROLL_BASE).wrapping_add(c as u64)
            });
            for start in 0..=chars.len() - len {
                if start > 0 {
                    h = h
                        .wrapping_sub((chars[start - 1] as u64).wrapping_mul(power))
                        .wrapping_mul(ROLL_BASE)
                        .wrapping_add(chars[start + len - 1] as u64);
                }
                s.add(self.grams.get(WHOLE | (mix(h ^ len as u64) & LOW_56)));
            }
        }
    }

    /// Full pinyin starting at a syllable, and initials, for a Latin query.
    fn pinyin_candidates(&self, q: &Query, s: &mut Scratch) {
        let b = q.latin.as_bytes();
        match b.len() {
            0 | 1 => {}
            2 => {
                s.add(self.grams.get(hash_key(READING, b)));
                s.add(self.grams.get(bytes_key(INIT2, b)));
            }
            _ => {
                let readings = std::iter::once(self.grams.get(bytes_key(SYL3, &b[..3])))
                    .chain(b.windows(3).map(|t| self.grams.get(bytes_key(READ3, t))));
                intersect_into(readings, s);
                let initials = b.windows(3).map(|t| self.grams.get(bytes_key(INIT3, t)));
                intersect_into(initials, s);
            }
        }
    }

    /// English words: in non-English names as written, in English texts by their stems.
    fn word_candidates(&self, q: &Query, s: &mut Scratch) {
        for w in &q.words {
            s.add(self.vocab[RAW_WORDS].exact(w));
            if w.len() >= 3 {
                for list in self.vocab[RAW_WORDS].starting_with(w) {
                    s.add(list);
                }
            }
        }
        for stem in &q.stems {
            s.add(self.vocab[EN_PROSE_WORDS].exact(stem));
            s.add(self.vocab[EN_NAME_WORDS].exact(stem));
            if stem.len() >= 3 {
                for list in self.vocab[EN_NAME_WORDS].starting_with(stem) {
                    s.add(list);
                }
            }
        }
    }

    /// Texts within one or two edits. A text within `k` edits of the query holds at least
    /// `n - k` of its `n` characters (counted by position); letters go by pairs: at least
    /// `n - 1 - 2k` of the query's `n - 1` pairs (the q-gram lemma).
    fn fuzzy_candidates(&self, q: &Query, s: &mut Scratch) {
        if q.is_empty() {
            return;
        }
        if q.has_han {
            let n = q.compact.len();
            if n >= 3 {
                let k = if n >= 6 { 2 } else { 1 };
                if n <= self.max_fuzzy_chars + k {
                    let lists = q.compact.iter().map(|&c| self.grams.get(CHAR1 | c as u64));
                    on_at_least(lists, n - k, s);
                }
            }
            return;
        }
        let latin = q.latin.as_bytes();
        if latin.len() >= 5 {
            let k = if latin.len() >= 9 { 2 } else { 1 };
            if latin.len() <= self.max_fuzzy_latin + k {
                let lists = latin
                    .windows(2)
                    .map(|p| self.grams.get(bytes_key(LATIN2, p)));
                // Triples too: each edit spoils at most three of them.
                let triples = Weighed::new(
                    latin
                        .windows(3)
                        .map(|t| self.grams.get(bytes_key(LATIN3, t))),
                );
                let also = (latin.len() - 2 > 3 * k).then_some((triples, latin.len() - 2 - 3 * k));
                on_at_least_and(lists, latin.len() - 1 - 2 * k, also, s);
            }
        }
        let english = q.stems.join(" ");
        if english.len() >= 5 {
            let k = if english.len() >= 9 { 2 } else { 1 };
            if english.len() <= self.max_fuzzy_english + k {
                let lists = english
                    .as_bytes()
                    .windows(2)
                    .map(|p| self.grams.get(bytes_key(EN2, p)));
                on_at_least(lists, english.len() - 1 - 2 * k, s);
            }
        }
    }
}

/// Adds the texts on every one of `lists` (up to [`MAX_INTERSECTED`] of the shortest).
fn intersect_into<'a>(lists: impl Iterator<Item = &'a [u32]>, s: &mut Scratch) {
    let mut lists: Vec<&[u32]> = lists.collect();
    if lists.is_empty() {
        return;
    }
    lists.sort_unstable_by_key(|l| l.len());
    lists.dedup_by(|a, b| std::ptr::eq(*a, *b));
    let mut work = std::mem::take(&mut s.work);
    work.clear();
    work.extend_from_slice(lists[0]);
    for other in lists.iter().skip(1).take(MAX_INTERSECTED - 1) {
        if work.is_empty() {
            break;
        }
        work.retain(|id| other.binary_search(id).is_ok());
    }
    s.add(&work);
    s.work = work;
}

/// Adds the texts found on at least `need` of `lists` (one list per position of the query's
/// characters or pairs; a list may come more than once and then counts as often). A text on
/// none of a set of lists that weigh more than `n - need` together cannot get there, so the
/// candidates are read from the shortest lists weighing just past that, and each is counted
/// on the others (binary search).
fn on_at_least<'a>(lists: impl Iterator<Item = &'a [u32]>, need: usize, s: &mut Scratch) {
    on_at_least_and(lists, need, None, s);
}

/// Lists counted by how often each comes (one per position of the query's grams), shortest
/// first.
struct Weighed<'a> {
    groups: Vec<(&'a [u32], usize)>,
    n: usize,
}

impl<'a> Weighed<'a> {
    fn new(lists: impl Iterator<Item = &'a [u32]>) -> Weighed<'a> {
        let mut groups: Vec<(&[u32], usize)> = Vec::new();
        let mut n = 0;
        for list in lists {
            n += 1;
            match groups.iter_mut().find(|(l, _)| std::ptr::eq(*l, list)) {
                Some(g) => g.1 += 1,
                None => groups.push((list, 1)),
            }
        }
        groups.sort_unstable_by_key(|(l, _)| l.len());
        Weighed { groups, n }
    }

    /// Whether `id` is on at least `need` of the lists.
    fn holds(&self, id: u32, need: usize) -> bool {
        let mut count = 0;
        let mut left = self.n;
        for (list, weight) in &self.groups {
            if list.binary_search(&id).is_ok() {
                count += weight;
                if count >= need {
                    return true;
                }
            }
            left -= weight;
            if count + left < need {
                return false;
            }
        }
        false
    }
}

/// [`on_at_least`], keeping only the texts also on at least `also.1` of the lists `also.0`.
fn on_at_least_and<'a>(
    lists: impl Iterator<Item = &'a [u32]>,
    need: usize,
    also: Option<(Weighed<'_>, usize)>,
    s: &mut Scratch,
) {
    let Weighed { groups, n } = Weighed::new(lists);
    if need == 0 || need > n {
        return;
    }
    let mut work = std::mem::take(&mut s.work);
    work.clear();
    let mut skipped = 0;
    let mut probed = 0;
    while skipped <= n - need {
        work.extend_from_slice(groups[probed].0);
        skipped += groups[probed].1;
        probed += 1;
    }
    if probed > 1 {
        work.sort_unstable();
        work.dedup();
    }
    let weighed = Weighed { groups, n };
    work.retain(|&id| {
        weighed.holds(id, need) && also.as_ref().is_none_or(|(w, need)| w.holds(id, *need))
    });
    s.add(&work);
    s.work = work;
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 14] = [
        "最低生活保障",
        "城乡居民基本医疗保险参保登记",
        "居住证",
        "法律援助",
        "老年人优待证",
        "骨灰撒海",
        "人民调解",
        "沈阳市和平和平区和平3社区服务站",
        "12345政务服务便民热线",
        "低保",
        "医疗保险",
        "银行",
        "长青街道社区服务中心",
        "重庆路88号",
    ];

    const ENGLISH: [&str; 6] = [
        "Minimum living allowance (dibao)",
        "Residence permit",
        "Disability certificate",
        "Vaccination",
        "Birth certificates",
        "Heping District",
    ];

    /// Everyday English names: some records have none, some two.
    const EVERYDAY: [&str; 5] = [
        "elderly card",
        "old age card",
        "benefit money",
        "bus pass for seniors",
        "care money",
    ];

    fn records() -> Vec<Vec<(String, Field)>> {
        let mut records = Vec::new();
        for (i, name) in NAMES.iter().enumerate() {
            let mut texts = vec![(name.to_string(), Field::Name)];
            texts.push((ENGLISH[i % ENGLISH.len()].to_owned(), Field::NameEn));
            for everyday in EVERYDAY.iter().skip(i % 4).take(i % 3) {
                texts.push((everyday.to_string(), Field::ColloquialEn));
            }
            texts.push((NAMES[(i + 3) % NAMES.len()].to_owned(), Field::Description));
            texts.push(("和平区".to_owned(), Field::Place));
            texts.push((
                format!("A residence permit office near {}", ENGLISH[(i + 2) % 6]),
                Field::DescriptionEn,
            ));
            texts.push((
                format!("{}路{}号", NAMES[(i + 5) % NAMES.len()], i),
                Field::Address,
            ));
            records.push(texts);
        }
        records
    }

    fn index() -> SearchIndex {
        let mut b = SearchIndexBuilder::new();
        for r in records() {
            b.record(r.iter().map(|(t, f)| (t.as_str(), *f)));
        }
        b.build()
    }

    fn queries() -> Vec<String> {
        let mut q: Vec<String> = [
            "低保",
            "最低生活保证",
            "最低活保障",
            "居驻证",
            "dibao",
            "ylbx",
            "juzhu",
            "shenghuo",
            "shenhuo",
            "enghuo",
            "visa",
            "huisa",
            "di",
            "db",
            "yl",
            "a",
            "区",
            "保",
            "和平",
            "办理低保",
            "residence",
            "permits",
            "perm",
            "vacination",
            "certificate",
            "allow",
            "12345",
            "88",
            "heping",
            "hepingqu",
            "sqfwz",
            "长青街道社区服务中心",
            "zhongqing",
            "chongqing",
            "医疗报险",
            "法律缓助",
            "Minimum living",
            "living allowanse",
            "Disabilty certificat",
            "minimum",
            "dist",
            "old age card",
            "elderly card",
            "elder card",
            "senior bus pass",
            "cheap flight tickets",
            "permit office card",
            "elderley card",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        q.push("a".repeat(200));
        q.push("zhong".repeat(40));
        q.push("a ".repeat(100));
        q.push("保".repeat(200));
        q
    }

    #[test]
    fn candidates_hold_every_text_that_scores() {
        let index = index();
        for query in queries() {
            let q = Query::parse(&query);
            for pass in [Pass::Exact, Pass::Fuzzy] {
                let candidates = index.candidate_texts(&q, pass);
                for (t, text) in index.texts.iter().enumerate() {
                    if score(&q, text, pass) > 0.0 {
                        assert!(
                            candidates.binary_search(&(t as u32)).is_ok(),
                            "{query:?} {pass:?}: {:?} scores but is no candidate",
                            text.original
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn random_queries_find_what_a_scan_finds() {
        let index = index();
        let alphabet: Vec<char> =
            "低保最生活障证居住驻法律援助老年人优待和平区社服务站医疗险 abdghilnoqstuyz12"
                .chars()
                .collect();
        let mut rng = fastrand::Rng::with_seed(12);
        let mut random: Vec<String> = (0..3_000)
            .map(|_| {
                let len = rng.usize(1..10);
                (0..len)
                    .map(|_| alphabet[rng.usize(..alphabet.len())])
                    .collect()
            })
            .collect();
        // Pieces of real texts with one character changed: near misses for the fuzzy pass.
        for _ in 0..2_000 {
            let source: Vec<char> = match rng.usize(..3) {
                0 => NAMES[rng.usize(..NAMES.len())].chars().collect(),
                1 => ENGLISH[rng.usize(..ENGLISH.len())]
                    .to_lowercase()
                    .chars()
                    .collect(),
                _ => EVERYDAY[rng.usize(..EVERYDAY.len())].chars().collect(),
            };
            let from = rng.usize(..source.len());
            let to = (from + rng.usize(1..12)).min(source.len());
            let mut piece = source[from..to].to_vec();
            let at = rng.usize(..piece.len());
            piece[at] = alphabet[rng.usize(..alphabet.len())];
            random.push(piece.into_iter().collect());
        }
        random.extend(queries());
        let everything = |_| true;
        let odd = |r: u32| r % 2 == 1;
        for query in random {
            let q = Query::parse(&query);
            for pass in [Pass::Exact, Pass::Fuzzy] {
                for allowed in [&everything as &dyn Fn(u32) -> bool, &odd] {
                    let (mut found, mut scanned) = (Vec::new(), Vec::new());
                    index.matches(&q, pass, allowed, &mut found);
                    index.scan(&q, pass, allowed, &mut scanned);
                    found.sort_by_key(|m| m.record);
                    assert_eq!(found, scanned, "{query:?} {pass:?}");
                }
            }
        }
    }

    #[test]
    fn on_at_least_counts_every_list_as_often_as_it_comes() {
        let a: &[u32] = &[1, 2, 3, 4];
        let b: &[u32] = &[2, 4, 6];
        let c: &[u32] = &[4, 6, 8, 9, 10];
        let run = |lists: Vec<&[u32]>, need: usize| {
            let mut s = Scratch::default();
            s.begin(20, 0);
            on_at_least(lists.into_iter(), need, &mut s);
            let mut found = s.candidates.clone();
            found.sort_unstable();
            found
        };
        assert_eq!(run(vec![a, b, c], 1), [1, 2, 3, 4, 6, 8, 9, 10]);
        assert_eq!(run(vec![a, b, c], 2), [2, 4, 6]);
        assert_eq!(run(vec![a, b, c], 3), [4]);
        assert_eq!(
            run(vec![c, b, c], 2),
            [4, 6, 8, 9, 10],
            "c twice counts twice"
        );
        assert!(run(vec![a, b], 3).is_empty());
        assert!(run(vec![a, &[], b], 3).is_empty());
    }

    #[test]
    fn shared_texts_are_stored_once() {
        let index = index();
        // "和平区" is every record's place; each description is another record's name.
        assert!(index.text_count() < NAMES.len() * 6);
        let place = Query::parse("和平区");
        let mut found = Vec::new();
        index.matches(&place, Pass::Exact, &|_| true, &mut found);
        assert_eq!(found.len(), NAMES.len());
    }

    #[test]
    fn adversarial_queries_have_few_candidates() {
        let index = index();
        for query in [
            "a".repeat(200),
            "zhong".repeat(40),
            "a ".repeat(100),
            "长青".repeat(100),
        ] {
            let q = Query::parse(&query);
            let c = index.candidate_texts(&q, Pass::Fuzzy);
            assert!(c.len() <= 2, "{query:?}: {} candidates", c.len());
        }
    }
}

//! tantivy with an n-gram tokenizer (grams of 2 and 3 characters, lower-cased) over two fields:
//! the texts as written and their pinyin. A query is cut into the same grams and every gram is
//! a term that may match in either field, ranked by tantivy's BM25: the usual way to search
//! Chinese without a word segmenter. (Its QueryParser would turn the grams of one query into a
//! phrase, which needs positions that n-grams do not keep meaningfully.) A query of one
//! character has no gram of two and finds nothing.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{LowerCaser, NgramTokenizer, TextAnalyzer, TokenStream};
use tantivy::{Index, IndexReader, TantivyDocument, Term};

use super::{Engine, Record};

const GRAMS: &str = "grams_2_3";

pub struct TantivyNgrams {
    reader: IndexReader,
    analyzer: TextAnalyzer,
    key: Field,
    text: Field,
    pinyin: Field,
}

impl TantivyNgrams {
    pub fn build(records: &[Record]) -> anyhow::Result<Self> {
        let mut schema = Schema::builder();
        let grams = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(GRAMS)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let key = schema.add_text_field("key", STRING | STORED);
        let text = schema.add_text_field("text", grams.clone());
        let pinyin = schema.add_text_field("pinyin", grams);
        let index = Index::create_in_ram(schema.build());
        let analyzer = TextAnalyzer::builder(NgramTokenizer::new(2, 3, false)?)
            .filter(LowerCaser)
            .build();
        index.tokenizers().register(GRAMS, analyzer.clone());
        let mut writer = index.writer_with_num_threads(1, 100_000_000)?;
        for r in records {
            let mut doc = TantivyDocument::default();
            doc.add_text(key, &r.key);
            doc.add_text(text, &r.text);
            doc.add_text(pinyin, &r.pinyin);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(Self {
            reader,
            analyzer,
            key,
            text,
            pinyin,
        })
    }
}

impl Engine for TantivyNgrams {
    fn name(&self) -> &'static str {
        "tantivy n-grams"
    }

    fn search(&mut self, query: &str) -> anyhow::Result<Vec<String>> {
        let mut grams: Vec<String> = Vec::new();
        let mut stream = self.analyzer.token_stream(query);
        while stream.advance() {
            grams.push(stream.token().text.clone());
        }
        grams.sort();
        grams.dedup();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(grams.len() * 2);
        for gram in &grams {
            for field in [self.text, self.pinyin] {
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, gram),
                        IndexRecordOption::WithFreqs,
                    )),
                ));
            }
        }
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(10).order_by_score(),
        )?;
        let mut keys = Vec::with_capacity(top.len());
        for (_score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(k) = doc.get_first(self.key).and_then(|v| v.as_str()) {
                keys.push(k.to_owned());
            }
        }
        Ok(keys)
    }
}

//! Rows for PostgreSQL's COPY text format, built in memory and sent in chunks.

use std::fmt::{Display, Write};

use sqlx::PgConnection;

const CHUNK_BYTES: usize = 16 * 1024 * 1024;

/// The rows of one table, ready for `COPY table (columns) FROM STDIN`.
pub struct CopyRows {
    table: &'static str,
    columns: &'static [&'static str],
    chunks: Vec<String>,
    current: String,
    fields_in_row: usize,
    pub rows: u64,
}

impl CopyRows {
    pub fn new(table: &'static str, columns: &'static [&'static str]) -> Self {
        Self { table, columns, chunks: Vec::new(), current: String::new(), fields_in_row: 0, rows: 0 }
    }

    /// Appends one value to the row being built.
    pub fn v(&mut self, value: impl Display) -> &mut Self {
        self.sep();
        let start = self.current.len();
        let _ = write!(self.current, "{value}");
        if self.current[start..].contains(['\\', '\t', '\n', '\r']) {
            let escaped = escape(&self.current[start..]);
            self.current.truncate(start);
            self.current.push_str(&escaped);
        }
        self
    }

    /// Appends SQL NULL, or the value.
    pub fn opt(&mut self, value: Option<impl Display>) -> &mut Self {
        match value {
            Some(v) => self.v(v),
            None => {
                self.sep();
                self.current.push_str("\\N");
                self
            }
        }
    }

    fn sep(&mut self) {
        if self.fields_in_row > 0 {
            self.current.push('\t');
        }
        self.fields_in_row += 1;
    }

    pub fn end(&mut self) {
        debug_assert_eq!(self.fields_in_row, self.columns.len(), "row of {} has the wrong width", self.table);
        self.current.push('\n');
        self.fields_in_row = 0;
        self.rows += 1;
        if self.current.len() >= CHUNK_BYTES {
            self.chunks.push(std::mem::take(&mut self.current));
        }
    }

    pub async fn send(mut self, conn: &mut PgConnection) -> Result<u64, sqlx::Error> {
        if !self.current.is_empty() {
            self.chunks.push(std::mem::take(&mut self.current));
        }
        let statement = format!("COPY {} ({}) FROM STDIN", self.table, self.columns.join(", "));
        for chunk in self.chunks {
            let mut copy = conn.copy_in_raw(&statement).await?;
            copy.send(chunk.as_bytes()).await?;
            copy.finish().await?;
        }
        Ok(self.rows)
    }
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_newlines_and_backslashes_survive_copy_text_format() {
        assert_eq!(escape("a\tb\nc\\d"), "a\\tb\\nc\\\\d");
    }

    #[test]
    fn rows_are_tab_separated_with_null_markers() {
        let mut rows = CopyRows::new("t", &["a", "b", "c"]);
        rows.v("x\ty").opt(None::<i32>).v(3);
        rows.end();
        assert_eq!(rows.current, "x\\ty\t\\N\t3\n");
        assert_eq!(rows.rows, 1);
    }
}

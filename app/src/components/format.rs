//! How words read on screen. Dates and times are the domain's UK wall clock
//! (`domain::clock`), re-exported so screens format through one module.

pub use crate::domain::clock::{date, date_time, time};
pub use crate::domain::round_schedule::london_date as local_date;

pub fn title_case(snake: &str) -> String {
    let spaced = snake.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_words_read_as_a_sentence() {
        assert_eq!(title_case("life_threatening"), "Life threatening");
        assert_eq!(title_case(""), "");
    }
}

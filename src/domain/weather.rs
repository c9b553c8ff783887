//! The weather header's text.

/// `24°C`, or `None` when there is no reading: the header then shows no bare unit.
pub fn temperature_label(celsius: Option<f64>) -> Option<String> {
    let c = celsius.filter(|c| c.is_finite() && (-80.0..=70.0).contains(c))?;
    // Ties to even, so 24.5 reads 24 as the station's own site shows it.
    let rounded = c.round_ties_even() as i64;
    Some(format!("{}°C", rounded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_degrees() {
        assert_eq!(temperature_label(Some(24.5)).as_deref(), Some("24°C"));
        assert_eq!(temperature_label(Some(24.6)).as_deref(), Some("25°C"));
        assert_eq!(temperature_label(Some(-2.4)).as_deref(), Some("-2°C"));
        assert_eq!(temperature_label(Some(-0.4)).as_deref(), Some("0°C"));
    }

    #[test]
    fn no_reading_no_label() {
        assert_eq!(temperature_label(None), None);
        assert_eq!(temperature_label(Some(f64::NAN)), None);
        assert_eq!(temperature_label(Some(1e9)), None);
    }
}

//! The README's data-format example is a real file: it must load, and say what the README says it does.

#[test]
fn the_readme_example_loads_and_keeps_both_claims() {
    let readme = include_str!("../README.md");
    let start = readme.find("```json\n").expect("a JSON example") + "```json\n".len();
    let end = start + readme[start..].find("```").expect("the example ends");
    let d = travelmap::data::load_str(&readme[start..end], "README.md").expect("the example loads");
    assert_eq!(d.legs.len(), 1);
    assert_eq!(d.legs[0].disputes[0].claim, "Miami");
    assert!(
        d.legs[0].departure.is_none(),
        "an unreported time stays unknown"
    );
    assert_eq!(
        d.meetings[0].durations.len(),
        2,
        "both reported durations are kept"
    );
}

#[test]
fn the_readme_csv_example_loads() {
    let readme = include_str!("../README.md");
    let start = readme.find("```csv\n").expect("a CSV example") + "```csv\n".len();
    let end = start + readme[start..].find("```").expect("the example ends");
    let text: String = readme[start..end]
        .lines()
        .map(|l| format!("{}\n", l.trim()))
        .collect();
    let (d, problems) =
        travelmap::formats::import_str(&text, "README.csv", travelmap::formats::Format::Csv)
            .expect("it parses");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(d.meetings.len(), 1);
    assert_eq!(d.people.len(), 2);
}

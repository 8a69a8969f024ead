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

#[test]
fn the_readme_itinerary_example_is_the_example_file_and_loads() {
    let readme = include_str!("../README.md");
    let section = readme
        .find("## Your own trips from a spreadsheet or calendar")
        .expect("the section");
    let start =
        section + readme[section..].find("```csv\n").expect("an example") + "```csv\n".len();
    let end = start + readme[start..].find("```").expect("the example ends");
    let example = include_str!("../data/examples/itinerary.csv");
    for line in readme[start..end].lines() {
        assert!(
            example.lines().any(|l| l == line),
            "the README shows the example file's lines: {line}"
        );
    }
    let loaded = travelmap::formats::load_str(
        example,
        "itinerary.csv",
        travelmap::formats::Format::Csv,
        &travelmap::formats::LoadOptions::default(),
    )
    .expect("it loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.data.stays.len(), 14);
    let nixon = loaded
        .data
        .stays
        .iter()
        .find(|s| {
            s.geocode
                .as_ref()
                .is_some_and(|g| g.place_text == "Peking, Hangzhou")
        })
        .expect("Nixon's stay");
    let place = loaded
        .data
        .place(nixon.place.expect("placed"))
        .expect("a place");
    assert_eq!(place.name, "Beijing");
    assert_eq!(
        loaded.warnings.len(),
        1,
        "only the aircraft is not placed: {:?}",
        loaded.warnings
    );
}

//! Keyboard shortcuts, in one table: the help window and the README list the same keys.
//!
//! Time keys follow Rerun's time panel: ←/→ move the cursor (an hour; a day with Shift), Ctrl+←/→ jump
//! between events, Home/End go to the ends, Space plays and pauses. Shortcuts are ignored while a text
//! field has the keyboard.
//!
//! Zoom keys are read from the text typed as well as from the key: "+" is Shift+= on a US keyboard, its
//! own key on a German one and on the keypad, and egui names each differently. One press counts once.

use egui::{Key, Modifiers};

use super::Action;
use crate::timeline::{StepSize, TimeCommand};

/// One shortcut: keys, what it does (for the help window), and the action.
pub struct Shortcut {
    pub modifiers: Modifiers,
    pub key: Key,
    pub keys: &'static str,
    pub what: &'static str,
}

const fn shortcut(
    modifiers: Modifiers,
    key: Key,
    keys: &'static str,
    what: &'static str,
) -> Shortcut {
    Shortcut {
        modifiers,
        key,
        keys,
        what,
    }
}

/// Every shortcut, most specific modifiers first so Ctrl+→ is not also read as →.
pub const SHORTCUTS: &[Shortcut] = &[
    shortcut(
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        Key::S,
        "Ctrl+Shift+S",
        "Save as",
    ),
    shortcut(
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        Key::E,
        "Ctrl+Shift+E",
        "Export a picture",
    ),
    shortcut(Modifiers::COMMAND, Key::S, "Ctrl+S", "Save"),
    shortcut(Modifiers::COMMAND, Key::O, "Ctrl+O", "Open a file"),
    shortcut(Modifiers::COMMAND, Key::F, "Ctrl+F", "Search"),
    shortcut(
        Modifiers::COMMAND,
        Key::T,
        "Ctrl+T",
        "Show / hide the events table",
    ),
    shortcut(
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        Key::Z,
        "Ctrl+Shift+Z",
        "Redo",
    ),
    shortcut(Modifiers::COMMAND, Key::Z, "Ctrl+Z", "Undo"),
    shortcut(Modifiers::COMMAND, Key::Y, "Ctrl+Y", "Redo"),
    shortcut(
        Modifiers::COMMAND,
        Key::ArrowLeft,
        "Ctrl+←",
        "Previous event",
    ),
    shortcut(Modifiers::COMMAND, Key::ArrowRight, "Ctrl+→", "Next event"),
    shortcut(Modifiers::SHIFT, Key::ArrowLeft, "Shift+←", "Back one day"),
    shortcut(
        Modifiers::SHIFT,
        Key::ArrowRight,
        "Shift+→",
        "Forward one day",
    ),
    shortcut(Modifiers::NONE, Key::ArrowLeft, "←", "Back one hour"),
    shortcut(Modifiers::NONE, Key::ArrowRight, "→", "Forward one hour"),
    shortcut(Modifiers::NONE, Key::Home, "Home", "Start of the timeline"),
    shortcut(Modifiers::NONE, Key::End, "End", "End of the timeline"),
    shortcut(Modifiers::NONE, Key::Space, "Space", "Play / pause"),
    shortcut(
        Modifiers::NONE,
        Key::Escape,
        "Esc",
        "Close the place details",
    ),
    shortcut(Modifiers::NONE, Key::F, "F", "Fit the map to the data"),
    shortcut(Modifiers::NONE, Key::E, "E", "Show / hide the editor"),
    shortcut(Modifiers::NONE, Key::Plus, "+", "Zoom in"),
    shortcut(Modifiers::NONE, Key::Equals, "=", "Zoom in"),
    shortcut(Modifiers::NONE, Key::Minus, "−", "Zoom out"),
    shortcut(Modifiers::NONE, Key::W, "W", "Pan north"),
    shortcut(Modifiers::NONE, Key::S, "S", "Pan south"),
    shortcut(Modifiers::NONE, Key::A, "A", "Pan west"),
    shortcut(Modifiers::NONE, Key::D, "D", "Pan east"),
    shortcut(
        Modifiers::COMMAND,
        Key::P,
        "Ctrl+P",
        "Show / hide the people network",
    ),
    shortcut(
        Modifiers::NONE,
        Key::P,
        "P",
        "Show / hide the people filter",
    ),
    shortcut(Modifiers::NONE, Key::F1, "F1", "Keyboard shortcuts"),
    shortcut(Modifiers::NONE, Key::F12, "F12", "Frame statistics"),
    shortcut(Modifiers::COMMAND, Key::Q, "Ctrl+Q", "Quit"),
];

/// The action a shortcut triggers, given whether playback is running and a city is selected.
fn action_of(s: &Shortcut, playing: bool) -> Option<Action> {
    let step = |forward, size| Action::Time(TimeCommand::Step { forward, size });
    let save_as = Modifiers::COMMAND.plus(Modifiers::SHIFT);
    Some(match (s.modifiers, s.key) {
        (m, Key::S) if m == save_as => Action::SaveAs,
        (m, Key::E) if m == save_as => Action::OpenExport(super::export::ExportKind::Picture),
        (Modifiers::COMMAND, Key::S) => Action::Save,
        (Modifiers::COMMAND, Key::O) => Action::Open,
        (Modifiers::COMMAND, Key::F) => Action::ToggleSearch,
        (Modifiers::COMMAND, Key::T) => Action::ToggleEvents,
        (m, Key::Z) if m == save_as => Action::Redo,
        (Modifiers::COMMAND, Key::Z) => Action::Undo,
        (Modifiers::COMMAND, Key::Y) => Action::Redo,
        (Modifiers::COMMAND, Key::ArrowLeft) => {
            Action::Time(TimeCommand::JumpToEvent { forward: false })
        }
        (Modifiers::COMMAND, Key::ArrowRight) => {
            Action::Time(TimeCommand::JumpToEvent { forward: true })
        }
        (Modifiers::SHIFT, Key::ArrowLeft) => step(false, StepSize::Large),
        (Modifiers::SHIFT, Key::ArrowRight) => step(true, StepSize::Large),
        (_, Key::ArrowLeft) => step(false, StepSize::Small),
        (_, Key::ArrowRight) => step(true, StepSize::Small),
        (_, Key::Home) => Action::Time(TimeCommand::ToStart),
        (_, Key::End) => Action::Time(TimeCommand::ToEnd),
        (_, Key::Space) => Action::Time(TimeCommand::SetPlaying(!playing)),
        (_, Key::Escape) => Action::SelectCity(None),
        (_, Key::F) => Action::FitToData,
        (_, Key::Plus | Key::Equals) => Action::ZoomIn,
        (_, Key::Minus) => Action::ZoomOut,
        (_, Key::W) => Action::Pan { x: 0, y: -1 },
        (_, Key::S) => Action::Pan { x: 0, y: 1 },
        (_, Key::A) => Action::Pan { x: -1, y: 0 },
        (_, Key::D) => Action::Pan { x: 1, y: 0 },
        (Modifiers::COMMAND, Key::P) => Action::TogglePeople,
        (_, Key::P) => Action::ToggleFilters,
        (_, Key::E) => Action::ToggleEditor,
        (_, Key::F1) => Action::ToggleHelp,
        (_, Key::F12) => Action::ToggleStats,
        (Modifiers::COMMAND, Key::Q) => Action::Quit,
        _ => return None,
    })
}

/// The actions of the shortcuts pressed this frame. Consumes the keys it uses so egui does not also move
/// focus with them.
pub fn shortcuts_ui(ctx: &egui::Context, playing: bool) -> Vec<Action> {
    if ctx.egui_wants_keyboard_input() {
        return window_shortcuts(ctx);
    }
    let mut actions = Vec::new();
    // The context is locked inside `input_mut`: its memory is read before and written after.
    let id = egui::Id::unique("zoom key presses");
    let frame = ctx.cumulative_frame_nr();
    let mut unmatched: Unmatched = ctx.data(|d| d.get_temp(id)).unwrap_or_default();
    ctx.input_mut(|input| {
        for s in SHORTCUTS.iter().filter(|s| !is_zoom_key(s.key)) {
            // Exact modifiers: Shift+→ must not also count as →.
            let presses = input.events.iter().filter(|e| {
                matches!(e, egui::Event::Key { key, pressed: true, modifiers, .. }
                    if *key == s.key && modifiers_match(*modifiers, s.modifiers))
            });
            let count = presses.count();
            if count > 0 {
                input.consume_key(s.modifiers, s.key);
                if let Some(a) = action_of(s, playing) {
                    actions.extend(std::iter::repeat_n(a, count));
                }
            }
        }
        let (zoom_in, zoom_out) = zoom_presses(&input.events, &mut unmatched, frame);
        actions.extend(std::iter::repeat_n(Action::ZoomIn, zoom_in));
        actions.extend(std::iter::repeat_n(Action::ZoomOut, zoom_out));
    });
    ctx.data_mut(|d| d.insert_temp(id, unmatched));
    actions
}

/// Ctrl+F and Ctrl+T work from a text field too (they type nothing): search from the events table's
/// box, or open the table from the search box.
fn window_shortcuts(ctx: &egui::Context) -> Vec<Action> {
    let mut actions = Vec::new();
    ctx.input_mut(|input| {
        if input.consume_key(Modifiers::COMMAND, Key::F) {
            actions.push(Action::ToggleSearch);
        }
        if input.consume_key(Modifiers::COMMAND, Key::T) {
            actions.push(Action::ToggleEvents);
        }
    });
    actions
}

fn is_zoom_key(key: Key) -> bool {
    matches!(key, Key::Plus | Key::Equals | Key::Minus)
}

/// Zoom presses read from one side only (key or text), waiting for the other side to arrive in a later
/// frame: a key and its text usually come together, but not always.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Unmatched {
    /// Zoom-in keys, zoom-out keys, zoom-in texts, zoom-out texts.
    counts: [usize; 4],
    /// The frame of the last of them.
    frame: u64,
}

/// How many frames one side of a press waits for the other.
const MATCH_FRAMES: u64 = 5;

/// Zoom in and zoom out presses among `events`, from keys (Shift allowed, Ctrl not: Ctrl+± scales the
/// whole window) or typed text. A key and the text it typed count once, in the same frame or, through
/// `unmatched`, within [`MATCH_FRAMES`] frames.
fn zoom_presses(events: &[egui::Event], unmatched: &mut Unmatched, frame: u64) -> (usize, usize) {
    let [mut keys_in, mut keys_out, mut text_in, mut text_out] = [0; 4];
    for event in events {
        match event {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } if !modifiers.command && !modifiers.alt => match key {
                Key::Plus | Key::Equals => keys_in += 1,
                Key::Minus => keys_out += 1,
                _ => {}
            },
            egui::Event::Text(text) => {
                text_in += text.chars().filter(|c| matches!(c, '+' | '=')).count();
                text_out += text.chars().filter(|c| matches!(c, '-' | '−')).count();
            }
            _ => {}
        }
    }
    if frame.saturating_sub(unmatched.frame) > MATCH_FRAMES {
        *unmatched = Unmatched::default();
    }
    let mut one_direction = |keys: usize, texts: usize, k: usize, t: usize| {
        // Pairs within the frame count once; what is left pairs with the other side left earlier.
        let pairs = keys.min(texts);
        let (keys, texts) = (keys - pairs, texts - pairs);
        let late_texts = texts.min(unmatched.counts[k]);
        let late_keys = keys.min(unmatched.counts[t]);
        unmatched.counts[k] += keys - late_keys;
        unmatched.counts[k] -= late_texts;
        unmatched.counts[t] += texts - late_texts;
        unmatched.counts[t] -= late_keys;
        pairs + (keys - late_keys) + (texts - late_texts)
    };
    let zoom_in = one_direction(keys_in, text_in, 0, 2);
    let zoom_out = one_direction(keys_out, text_out, 1, 3);
    if keys_in + keys_out + text_in + text_out > 0 {
        unmatched.frame = frame;
    }
    (zoom_in, zoom_out)
}

/// Ctrl and Cmd are the same "command" key; otherwise modifiers must match exactly.
fn modifiers_match(pressed: Modifiers, wanted: Modifiers) -> bool {
    pressed.shift == wanted.shift && pressed.alt == wanted.alt && pressed.command == wanted.command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shortcut_has_an_action() {
        for s in SHORTCUTS {
            assert!(action_of(s, false).is_some(), "{}", s.keys);
        }
    }

    fn key(key: Key, modifiers: Modifiers) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    #[test]
    fn shift_equals_and_its_typed_plus_zoom_in_once() {
        let events = [
            key(Key::Equals, Modifiers::SHIFT),
            egui::Event::Text("+".into()),
        ];
        assert_eq!(zoom_presses(&events, &mut Unmatched::default(), 0), (1, 0));
    }

    #[test]
    fn a_key_and_its_text_in_consecutive_frames_zoom_once_but_two_presses_twice() {
        let mut unmatched = Unmatched::default();
        let key = [key(Key::Equals, Modifiers::SHIFT)];
        let text = [egui::Event::Text("+".into())];
        assert_eq!(zoom_presses(&key, &mut unmatched, 1), (1, 0));
        assert_eq!(zoom_presses(&text, &mut unmatched, 2), (0, 0));
        assert_eq!(zoom_presses(&key, &mut unmatched, 60), (1, 0));
        assert_eq!(zoom_presses(&text, &mut unmatched, 61), (0, 0));
        assert_eq!(
            zoom_presses(&text, &mut unmatched, 200),
            (1, 0),
            "long after: a press of its own"
        );
    }

    #[test]
    fn a_plus_typed_without_a_known_key_zooms_in_and_a_minus_key_zooms_out() {
        let events = [
            egui::Event::Text("+".into()),
            key(Key::Minus, Modifiers::NONE),
        ];
        assert_eq!(zoom_presses(&events, &mut Unmatched::default(), 0), (1, 1));
        assert_eq!(
            zoom_presses(
                &[key(Key::Plus, Modifiers::COMMAND)],
                &mut Unmatched::default(),
                0
            ),
            (0, 0),
            "Ctrl+plus scales the window, not the map"
        );
    }

    #[test]
    fn space_toggles_playback() {
        let space = SHORTCUTS.iter().find(|s| s.key == Key::Space).unwrap();
        assert_eq!(
            action_of(space, false),
            Some(Action::Time(TimeCommand::SetPlaying(true)))
        );
        assert_eq!(
            action_of(space, true),
            Some(Action::Time(TimeCommand::SetPlaying(false)))
        );
    }
}

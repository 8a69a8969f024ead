//! Keyboard shortcuts, in one table: the help window and the README list the same keys.
//!
//! Time keys follow Rerun's time panel: ←/→ move the cursor (an hour; a day with Shift), Ctrl+←/→ jump
//! between events, Home/End go to the ends, Space plays and pauses. Shortcuts are ignored while a text
//! field has the keyboard.

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
    shortcut(Modifiers::COMMAND, Key::S, "Ctrl+S", "Save"),
    shortcut(Modifiers::COMMAND, Key::O, "Ctrl+O", "Open a file"),
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
        Modifiers::NONE,
        Key::P,
        "P",
        "Show / hide the people filter",
    ),
    shortcut(Modifiers::NONE, Key::F1, "F1", "Keyboard shortcuts"),
    shortcut(Modifiers::COMMAND, Key::Q, "Ctrl+Q", "Quit"),
];

/// The action a shortcut triggers, given whether playback is running and a city is selected.
fn action_of(s: &Shortcut, playing: bool) -> Option<Action> {
    let step = |forward, size| Action::Time(TimeCommand::Step { forward, size });
    let save_as = Modifiers::COMMAND.plus(Modifiers::SHIFT);
    Some(match (s.modifiers, s.key) {
        (m, Key::S) if m == save_as => Action::SaveAs,
        (Modifiers::COMMAND, Key::S) => Action::Save,
        (Modifiers::COMMAND, Key::O) => Action::Open,
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
        (_, Key::P) => Action::ToggleFilters,
        (_, Key::E) => Action::ToggleEditor,
        (_, Key::F1) => Action::ToggleHelp,
        (Modifiers::COMMAND, Key::Q) => Action::Quit,
        _ => return None,
    })
}

/// The actions of the shortcuts pressed this frame. Consumes the keys it uses so egui does not also move
/// focus with them.
pub fn shortcuts_ui(ctx: &egui::Context, playing: bool) -> Vec<Action> {
    if ctx.egui_wants_keyboard_input() {
        return Vec::new();
    }
    let mut actions = Vec::new();
    ctx.input_mut(|input| {
        for s in SHORTCUTS {
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
    });
    actions
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

//! Small storage for the lists every record has, so that a dataset of a million meetings stays small.
//!
//! A meeting's participants are a handful of indexes, and most meetings of a file report the same few
//! durations. A `Vec` costs 24 bytes plus a heap block (32 bytes at least) for each. [`InlineList`]
//! keeps up to [`INLINE`] items in the record itself (24 bytes, no heap block) and only longer lists on
//! the heap; [`SharedList`] is one pointer to a list that equal records share (the loader hands out one
//! copy per distinct list), copied only when one record's list is changed.
//!
//! The key decision: both dereference to slices, so code that reads (`iter`, `len`, `contains`,
//! indexing, `&list` as `&[T]`) or changes items in place (`iter_mut`) is the same as with a `Vec`.

use std::sync::Arc;

/// How many items an [`InlineList`] of 4-byte indexes holds without a heap block.
pub const INLINE: usize = 5;

/// A short list of small `Copy` items (indexes), stored in place when it has at most [`INLINE`] items.
#[derive(Clone)]
pub enum InlineList<T: Copy + Default> {
    Inline { len: u8, items: [T; INLINE] },
    Heap(Box<[T]>),
}

impl<T: Copy + Default> InlineList<T> {
    pub fn new() -> Self {
        Self::Inline {
            len: 0,
            items: [T::default(); INLINE],
        }
    }

    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::Inline { len, items } => &items[..usize::from(*len)],
            Self::Heap(items) => items,
        }
    }

    pub fn as_mut_slice(&mut self) -> &mut [T] {
        match self {
            Self::Inline { len, items } => &mut items[..usize::from(*len)],
            Self::Heap(items) => items,
        }
    }

    /// Keeps the items for which `keep` is true, in order.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        let kept: Vec<T> = self.iter().copied().filter(keep).collect();
        *self = kept.into();
    }

    /// Adds an item at the end.
    pub fn push(&mut self, item: T) {
        match self {
            Self::Inline { len, items } if usize::from(*len) < INLINE => {
                items[usize::from(*len)] = item;
                *len += 1;
            }
            _ => {
                let mut all = self.to_vec();
                all.push(item);
                *self = all.into();
            }
        }
    }
}

impl<T: Copy + Default> Default for InlineList<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Copy + Default> std::ops::Deref for InlineList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy + Default> std::ops::DerefMut for InlineList<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T: Copy + Default> From<&[T]> for InlineList<T> {
    fn from(items: &[T]) -> Self {
        if items.len() <= INLINE {
            let mut inline = [T::default(); INLINE];
            inline[..items.len()].copy_from_slice(items);
            Self::Inline {
                len: items.len() as u8,
                items: inline,
            }
        } else {
            Self::Heap(items.into())
        }
    }
}

impl<T: Copy + Default> From<Vec<T>> for InlineList<T> {
    fn from(items: Vec<T>) -> Self {
        if items.len() <= INLINE {
            items.as_slice().into()
        } else {
            Self::Heap(items.into_boxed_slice())
        }
    }
}

impl<T: Copy + Default, const N: usize> From<[T; N]> for InlineList<T> {
    fn from(items: [T; N]) -> Self {
        items.as_slice().into()
    }
}

impl<T: Copy + Default> FromIterator<T> for InlineList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<'a, T: Copy + Default> IntoIterator for &'a InlineList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T: Copy + Default> IntoIterator for &'a mut InlineList<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T: Copy + Default + std::fmt::Debug> std::fmt::Debug for InlineList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Copy + Default + PartialEq> PartialEq for InlineList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Default + Eq> Eq for InlineList<T> {}

impl<T: Copy + Default + PartialEq> PartialEq<Vec<T>> for InlineList<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Default + PartialEq> PartialEq<[T]> for InlineList<T> {
    fn eq(&self, other: &[T]) -> bool {
        self.as_slice() == other
    }
}

impl<T: Copy + Default + PartialEq, const N: usize> PartialEq<[T; N]> for InlineList<T> {
    fn eq(&self, other: &[T; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Default + std::hash::Hash> std::hash::Hash for InlineList<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

/// A list that equal records share; empty lists take no heap block. Changing items (`iter_mut`) copies
/// the list first when another record shares it.
#[derive(Clone)]
pub struct SharedList<T>(Option<Arc<[T]>>);

impl<T> SharedList<T> {
    pub const fn new() -> Self {
        Self(None)
    }

    pub fn as_slice(&self) -> &[T] {
        self.0.as_deref().unwrap_or_default()
    }

    /// Adds an item at the end (a copy of the list, which no other record shares then).
    pub fn push(&mut self, item: T)
    where
        T: Clone,
    {
        let mut all = self.to_vec();
        all.push(item);
        *self = all.into();
    }

    /// Whether `self` and `other` are the same shared list (not only equal).
    pub fn shares(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl<T> Default for SharedList<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> std::ops::Deref for SharedList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Clone> std::ops::DerefMut for SharedList<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(items) => Arc::make_mut(items),
            None => &mut [],
        }
    }
}

impl<T> From<Vec<T>> for SharedList<T> {
    fn from(items: Vec<T>) -> Self {
        if items.is_empty() {
            Self(None)
        } else {
            Self(Some(items.into()))
        }
    }
}

impl<T> FromIterator<T> for SharedList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<'a, T> IntoIterator for &'a SharedList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for SharedList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for SharedList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for SharedList<T> {}

impl<T: PartialEq> PartialEq<Vec<T>> for SharedList<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

/// Hands out one [`SharedList`] per distinct list: the loader keeps one per chunk of records.
pub struct Interner<T: std::hash::Hash + Eq>(std::collections::HashMap<Vec<T>, SharedList<T>>);

impl<T: std::hash::Hash + Eq> Default for Interner<T> {
    fn default() -> Self {
        Self(std::collections::HashMap::new())
    }
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    /// How many distinct lists were handed out.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn intern(&mut self, items: Vec<T>) -> SharedList<T> {
        if items.is_empty() {
            return SharedList::new();
        }
        if let Some(shared) = self.0.get(&items) {
            return shared.clone();
        }
        let shared = SharedList::from(items.clone());
        self.0.insert(items, shared.clone());
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_list_is_no_larger_than_a_vec_and_behaves_like_one() {
        assert_eq!(std::mem::size_of::<InlineList<u32>>(), 24);
        assert_eq!(std::mem::size_of::<SharedList<String>>(), 16);
        let mut list: InlineList<u32> = vec![1, 2, 3].into();
        assert!(matches!(list, InlineList::Inline { .. }));
        for n in [4, 5, 6, 7] {
            list.push(n);
        }
        assert!(matches!(list, InlineList::Heap(_)));
        assert_eq!(list, vec![1, 2, 3, 4, 5, 6, 7]);
        list.retain(|n| n % 2 == 1);
        assert_eq!(list, [1, 3, 5, 7]);
        assert!(matches!(list, InlineList::Inline { .. }));
        for n in &mut list {
            *n += 1;
        }
        assert_eq!(list.as_slice(), &[2, 4, 6, 8]);
        assert_eq!(InlineList::<u32>::default().len(), 0);
    }

    #[test]
    fn shared_lists_are_shared_until_one_changes() {
        let mut interner = Interner::default();
        let a = interner.intern(vec!["x".to_owned()]);
        let mut b = interner.intern(vec!["x".to_owned()]);
        assert!(a.shares(&b));
        b[0].push('y');
        assert!(!a.shares(&b));
        assert_eq!(a, vec!["x".to_owned()]);
        assert_eq!(b, vec!["xy".to_owned()]);
        assert!(interner.intern(Vec::new()).is_empty());
    }
}

#[cfg(test)]
mod sizes {
    use crate::data::{DurationClaim, Leg, Meeting, Note, Stay, When};

    /// The sizes docs/PERFORMANCE.md counts bytes per event with (`cargo test --lib sizes -- --nocapture`).
    #[test]
    fn record_sizes() {
        let sizes = [
            ("Meeting", size_of::<Meeting>()),
            ("Leg", size_of::<Leg>()),
            ("Note", size_of::<Note>()),
            ("Stay", size_of::<Stay>()),
            ("When", size_of::<When>()),
            ("Option<When>", size_of::<Option<When>>()),
            ("DurationClaim", size_of::<DurationClaim>()),
        ];
        println!("{sizes:?}");
        assert!(size_of::<Meeting>() <= 248);
    }
}

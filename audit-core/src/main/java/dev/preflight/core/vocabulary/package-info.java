/**
 * The shared vocabulary at the bottom of the layers: {@link dev.preflight.core.vocabulary.Severity},
 * {@link dev.preflight.core.vocabulary.Progress} (how the core speaks to its caller), {@link
 * dev.preflight.core.vocabulary.Hashing}, {@link dev.preflight.core.vocabulary.ItemStatus} (the
 * status words of checklist items, shared by the checklist and the report) and {@link
 * dev.preflight.core.vocabulary.ShownPath} (paths as reports show them). It imports nothing of
 * Preflight but the root exception, so every other package may use it.
 */
package dev.preflight.core.vocabulary;

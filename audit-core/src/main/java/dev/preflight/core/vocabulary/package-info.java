/**
 * The shared vocabulary at the bottom of the layers: {@link dev.preflight.core.vocabulary.Severity},
 * {@link dev.preflight.core.vocabulary.Progress} (how the core speaks to its caller) and {@link
 * dev.preflight.core.vocabulary.Hashing} and {@link dev.preflight.core.vocabulary.ItemStatus} (the
 * status words of checklist items, shared by the checklist and the report). It imports nothing of Preflight but the root exception, so
 * every other package may use it.
 */
package dev.preflight.core.vocabulary;

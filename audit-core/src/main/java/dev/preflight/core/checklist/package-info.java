/**
 * The readiness checklist as data: its model ({@link dev.preflight.core.checklist.Checklist},
 * phases, sections, items, criteria), its loader with id validation, the verification of manual
 * attestations (evidence file + SHA-256), and the readiness computation that turns a run's check
 * results into per-item statuses and per-phase, per-section and per-criterion percentages.
 * Percentages are always computed from the item mapping, never read from the data.
 */
package dev.preflight.core.checklist;

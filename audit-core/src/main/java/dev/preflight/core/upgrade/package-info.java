/**
 * The upgrade diff: what changes if a candidate binary replaces the deployed one. A {@link
 * dev.preflight.core.upgrade.UpgradeDiff} runs the fuzz campaign with a {@link
 * dev.preflight.core.upgrade.CampaignLog} recording every case and sequence it executed, then
 * replays them all ({@link dev.preflight.core.upgrade.Replay}) from the campaign's saved world,
 * once on the deployed binary and once after {@link dev.preflight.core.upgrade.ProgramSwap} wrote
 * the candidate's bytes at the same address. {@link dev.preflight.core.upgrade.Differ} compares
 * each step (outcome, error name, post-state of the written accounts decoded by the IDL, token and
 * lamport deltas, compute units beyond a tolerance); the differences are grouped by a stable
 * fingerprint, matched against a baseline of accepted ones ({@link
 * dev.preflight.core.upgrade.UpgradeBaseline}), and reported as the check {@code upgrade.diff}
 * with a reproducer each ({@link dev.preflight.core.upgrade.DiffReproducer}).
 */
package dev.preflight.core.upgrade;

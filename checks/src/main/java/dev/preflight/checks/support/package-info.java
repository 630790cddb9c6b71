/**
 * What several checks share: following a program's governance chain (program, ProgramData,
 * authority, multisig) through a snapshot, and the evidence rows that show it.
 */
package dev.preflight.checks.support;

/** Checks on the mints the program handles: authorities and Token-2022 extension risks. */
package dev.preflight.checks.mint;

/** Build tests of the checks module's layering (ArchUnit over the compiled classes). */
package dev.preflight.checks.layers;

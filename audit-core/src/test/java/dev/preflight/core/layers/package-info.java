/** Build tests of audit-core's layering (ArchUnit over the compiled classes). */
package dev.preflight.core.layers;

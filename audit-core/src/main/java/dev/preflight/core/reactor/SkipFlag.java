package dev.preflight.core.reactor;

/** A skip switch as the build names it ({@code preflight.skip}, {@code preflight.fuzz.skip}). */
public record SkipFlag(String property, boolean set) {}

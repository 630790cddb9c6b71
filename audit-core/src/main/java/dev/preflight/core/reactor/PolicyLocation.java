package dev.preflight.core.reactor;

import java.nio.file.Path;

/**
 * Where a goal looks for its policy. {@code named}: the user gave the path (a {@code -D}, a
 * property, the pom's configuration) rather than leaving the default; {@code inProject}: the goal
 * runs in a project (a module), not stand-alone.
 */
public record PolicyLocation(Path file, boolean named, boolean inProject) {}

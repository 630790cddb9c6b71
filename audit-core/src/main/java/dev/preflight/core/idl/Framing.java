package dev.preflight.core.idl;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/** Reads and writes the {@link Frame}s around a value, outermost first. */
final class Framing {

  private Framing() {}

  /** Reads the frames around the value {@code body} reads; returns what {@code body} returns. */
  static <T> T read(List<Frame> frames, BorshCodec.Reader r, Supplier<T> body) {
    return read(frames, 0, r, body);
  }

  private static <T> T read(List<Frame> frames, int i, BorshCodec.Reader r, Supplier<T> body) {
    if (i == frames.size()) {
      return body.get();
    }
    return switch (frames.get(i)) {
      case Frame.SizePrefix sp -> {
        int at = r.pos;
        long n = r.unsigned(sp.prefix(), sp.bigEndian());
        if (n < 0 || n > r.remaining()) {
          r.pos = at;
          throw r.fail("size prefix " + Long.toUnsignedString(n) + " at offset " + at + " exceeds the "
              + r.remaining() + " bytes that remain");
        }
        yield within(frames, i, r, body, (int) n);
      }
      case Frame.FixedSize fs -> {
        r.need(fs.size());
        yield within(frames, i, r, body, fs.size());
      }
      case Frame.HiddenPrefix hp -> {
        readChunks(hp.chunks(), r, "prefix");
        yield read(frames, i + 1, r, body);
      }
      case Frame.HiddenSuffix hs -> {
        T v = read(frames, i + 1, r, body);
        readChunks(hs.chunks(), r, "suffix");
        yield v;
      }
      case Frame.Padding p -> {
        r.need(p.before());
        r.pos += p.before();
        T v = read(frames, i + 1, r, body);
        r.need(p.after());
        r.pos += p.after();
        yield v;
      }
    };
  }

  /** Reads the inner value within the next {@code n} bytes, then moves past all of them. */
  private static <T> T within(List<Frame> frames, int i, BorshCodec.Reader r, Supplier<T> body, int n) {
    int end = r.pos + n;
    int outer = r.limit;
    r.limit = end;
    try {
      T v = read(frames, i + 1, r, body);
      r.pos = end; // bytes the value did not use (fields a newer program version added) are skipped
      return v;
    } finally {
      r.limit = outer;
    }
  }

  private static void readChunks(List<Frame.Chunk> chunks, BorshCodec.Reader r, String what) {
    for (Frame.Chunk c : chunks) {
      r.need(c.length());
      if (c instanceof Frame.Bytes b
          && !Arrays.equals(b.raw(), 0, b.length(), r.data, r.pos, r.pos + b.length())) {
        throw r.fail("expected the constant " + what + " " + HexFormat.of().formatHex(b.raw()) + " at offset " + r.pos
            + ", found " + HexFormat.of().formatHex(Arrays.copyOfRange(r.data, r.pos, r.pos + b.length())));
      }
      r.pos += c.length();
    }
  }

  /** Writes the frames around what {@code body} writes. */
  static void write(List<Frame> frames, BorshCodec.Writer w, Runnable body) {
    write(frames, 0, w, body);
  }

  private static void write(List<Frame> frames, int i, BorshCodec.Writer w, Runnable body) {
    if (i == frames.size()) {
      body.run();
      return;
    }
    switch (frames.get(i)) {
      case Frame.SizePrefix sp -> {
        int at = w.size();
        w.zeros(sp.prefix().size());
        int start = w.size();
        write(frames, i + 1, w, body);
        w.patchUnsigned(at, w.size() - start, sp.prefix(), sp.bigEndian());
      }
      case Frame.FixedSize fs -> {
        int start = w.size();
        write(frames, i + 1, w, body);
        int len = w.size() - start;
        if (len > fs.size()) {
          throw w.fail("the value takes " + len + " bytes but its fixed size is " + fs.size());
        }
        w.zeros(fs.size() - len);
      }
      case Frame.HiddenPrefix hp -> {
        writeChunks(hp.chunks(), w);
        write(frames, i + 1, w, body);
      }
      case Frame.HiddenSuffix hs -> {
        write(frames, i + 1, w, body);
        writeChunks(hs.chunks(), w);
      }
      case Frame.Padding p -> {
        w.zeros(p.before());
        write(frames, i + 1, w, body);
        w.zeros(p.after());
      }
    }
  }

  private static void writeChunks(List<Frame.Chunk> chunks, BorshCodec.Writer w) {
    for (Frame.Chunk c : chunks) {
      switch (c) {
        case Frame.Bytes b -> w.bytes(b.raw());
        case Frame.Skip s -> w.zeros(s.length());
      }
    }
  }

  /** Fixed encoded size of the frames around an inner value of {@code inner} bytes (-1: variable). */
  static int fixedSize(List<Frame> frames, int inner) {
    int size = inner;
    for (int i = frames.size() - 1; i >= 0; i--) {
      switch (frames.get(i)) {
        case Frame.SizePrefix sp -> size = -1; // the data says how long; a reader may skip more
        case Frame.FixedSize fs -> size = fs.size();
        case Frame.HiddenPrefix hp -> size = size < 0 ? -1 : size + chunkLength(hp.chunks());
        case Frame.HiddenSuffix hs -> size = size < 0 ? -1 : size + chunkLength(hs.chunks());
        case Frame.Padding p -> size = size < 0 ? -1 : size + p.before() + p.after();
      }
    }
    return size;
  }

  /** A lower bound of the encoded size of the frames around an inner value of at least {@code inner} bytes. */
  static long minSize(List<Frame> frames, long inner) {
    long size = inner;
    for (int i = frames.size() - 1; i >= 0; i--) {
      switch (frames.get(i)) {
        case Frame.SizePrefix sp -> size = sp.prefix().size(); // the prefix may say 0 bytes follow
        case Frame.FixedSize fs -> size = fs.size();
        case Frame.HiddenPrefix hp -> size += chunkLength(hp.chunks());
        case Frame.HiddenSuffix hs -> size += chunkLength(hs.chunks());
        case Frame.Padding p -> size += p.before() + p.after();
      }
    }
    return size;
  }

  private static int chunkLength(List<Frame.Chunk> chunks) {
    int n = 0;
    for (Frame.Chunk c : chunks) {
      n += c.length();
    }
    return n;
  }
}

package com.verenc.kms.node.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel whose writes fail as on a full disk while {@link #full} is set, and whose fsync
 * and truncate fail as on a failing device while {@link #broken} is.
 */
final class FullDiskChannel extends FileChannel {
  private final FileChannel file;
  volatile boolean full;
  volatile boolean broken;

  /** How many bytes positional writes may still take before the disk is full. */
  volatile long room = Long.MAX_VALUE;

  FullDiskChannel(FileChannel file) {
    this.file = file;
  }

  private void refuseWhenFull() throws IOException {
    if (full) {
      throw new IOException("No space left on device");
    }
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    refuseWhenFull();
    if (room <= 0) {
      throw new IOException("No space left on device");
    }
    if (src.remaining() > room) {
      // A write that finds the disk filling up writes part of its bytes.
      ByteBuffer part = src.slice(src.position(), (int) room);
      int written = file.write(part, position);
      src.position(src.position() + written);
      room -= written;
      return written;
    }
    int written = file.write(src, position);
    room -= written;
    return written;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    refuseWhenFull();
    return file.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    refuseWhenFull();
    return file.write(srcs, offset, length);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return file.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return file.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return file.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    if (broken) {
      throw new IOException("Input/output error");
    }
    file.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    if (broken) {
      throw new IOException("Input/output error");
    }
    file.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    refuseWhenFull();
    return file.transferFrom(src, position, count);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return file.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return file.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}

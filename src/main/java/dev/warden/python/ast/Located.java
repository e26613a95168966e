package dev.warden.python.ast;

/** A node with a source range: UTF-8 byte offsets into its {@code Source}, end exclusive. */
public interface Located {
    int start();

    int end();
}

package dev.chcdc.config;

import java.io.Serializable;

/** A password: its value is never part of {@link #toString()}, so it cannot leak into logs or the web UI. */
public record Secret(String value) implements Serializable {
    @Override
    public String toString() {
        return "******";
    }
}

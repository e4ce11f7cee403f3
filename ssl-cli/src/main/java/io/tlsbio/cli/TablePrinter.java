package io.tlsbio.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header line, then rows, each column as wide as its widest cell, two spaces
 * apart. Columns whose header starts with {@code >} are right-aligned (the {@code >} is not
 * printed): numbers line up.
 */
final class TablePrinter {

    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    TablePrinter(String... headers) {
        this.headers = new String[headers.length];
        this.right = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].startsWith(">");
            this.headers[i] = right[i] ? headers[i].substring(1) : headers[i];
        }
    }

    /** Adds a row; missing trailing cells are blank, null cells too. */
    void row(String... cells) {
        if (cells.length > headers.length) {
            throw new IllegalArgumentException(
                    "cells.length > columns: " + cells.length + " > " + headers.length);
        }
        String[] r = Arrays.copyOf(cells, headers.length);
        for (int i = 0; i < r.length; i++) {
            r[i] = r[i] == null ? "" : r[i];
        }
        rows.add(r);
    }

    void print(PrintStream out) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        out.println(line(headers, width));
        for (String[] r : rows) {
            out.println(line(r, width));
        }
    }

    private String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            sb.append(right[i] ? pad + cells[i] : cells[i] + pad);
        }
        return sb.toString().stripTrailing();
    }
}

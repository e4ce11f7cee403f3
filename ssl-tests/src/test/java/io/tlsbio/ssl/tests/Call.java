package io.tlsbio.ssl.tests;

import io.tlsbio.ssl.SslError;

/** One recorded call: its return value and what getError said right after. */
record Call(int ret, SslError error) {

    @Override
    public String toString() {
        return ret + "/" + error;
    }
}

package io.tlsbio.bio.socket;

import io.tlsbio.bio.Bio;

/** Small BIO types for tests: a pass-through filter and a socket-less source. */
final class TestBios {

    private TestBios() {}

    /**
     * A filter that passes everything to its next BIO and copies its flags; can fake one
     * retry-read.
     */
    static final class PassFilter extends Bio {
        private int spuriousReadRetries;

        /**
         * Makes the next {@code n} reads return -1 with retry-read without touching the next BIO.
         */
        PassFilter spuriousReadRetries(int n) {
            this.spuriousReadRetries = n;
            return this;
        }

        @Override
        protected int implRead(byte[] b, int off, int len) {
            if (spuriousReadRetries > 0) {
                spuriousReadRetries--;
                setRetryRead();
                return -1;
            }
            int n = next().read(b, off, len);
            copyNextRetry();
            return n;
        }

        @Override
        protected int implWrite(byte[] b, int off, int len) {
            int n = next().write(b, off, len);
            copyNextRetry();
            return n;
        }
    }

    /** A source with no socket anywhere: every read asks for a retry. */
    static final class NoSocketBio extends Bio {
        @Override
        protected int implRead(byte[] b, int off, int len) {
            setRetryRead();
            return -1;
        }

        @Override
        protected int implWrite(byte[] b, int off, int len) {
            setRetryWrite();
            return -1;
        }
    }
}

package io.tlsbio.bio.pair;

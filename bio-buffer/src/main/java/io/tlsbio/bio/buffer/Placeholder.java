package io.tlsbio.bio.buffer;

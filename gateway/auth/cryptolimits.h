#pragma once

namespace sd::gateway {

/// Slow crypto (PBKDF2 checks of consumer secrets and passwords, RSA signatures) runs on worker threads so
/// that the gateway thread keeps relaying; these bound that work and the guessing of client secrets.
struct CryptoLimits
{
    int workers = 2;           // threads for the slow crypto: the relay keeps a core of a small machine
    int maxQueued = 64;        // jobs waiting or running; more answer 503 rather than queue without bound
    int retryAfterSeconds = 1; // told to a client answered 503: a job takes about a tenth of a second
    // A failed client authentication at /oauth2/token locks its consumer key and its client address out
    // for a delay that doubles with each consecutive failure, so guessing stays slow even in parallel.
    int tokenLockoutFirstMs = 500;
    int tokenLockoutMaxMs = 30000;
};

} // namespace sd::gateway

//! Backups, restore, export and import, destruction, passphrase change and a second instance:
//! through the real `kindred` binary. (Being written.)

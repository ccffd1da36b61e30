//! The C ABI (issue 5): being written; see include/wcodm.h once it lands.

// PCRE2's generic names are token-pasting macros; the width must be fixed before the include
// so that Swift sees the *_8 functions.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static inline PCRE2_SIZE classify_pcre2_unset(void) { return PCRE2_UNSET; }

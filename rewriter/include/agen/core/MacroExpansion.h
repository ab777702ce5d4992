//===- agen/core/MacroExpansion.h - write out macro invocations -----------===//
//
// The lowering edits a generator's body as text, which it cannot do inside a
// macro invocation: a `co_yield` passed as a macro argument, a local declared
// by a macro, a scope a macro closes. Such invocations are written out as the
// tokens they expanded to, and the file is parsed and lowered again. This
// header is the part front ends use: a recorder that watches the
// preprocessor during the first parse, and the expanded text it produces.
//
//===----------------------------------------------------------------------===//
#ifndef AGEN_CORE_MACROEXPANSION_H
#define AGEN_CORE_MACROEXPANSION_H

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clang {
class Preprocessor;
class Token;
} // namespace clang

namespace agen::core {

/// The main file with some macro invocations replaced by the tokens they
/// expand to (separated by spaces). Each invocation keeps its line breaks, so
/// every line keeps its number.
struct ExpandedSource {
  /// One invocation: [Begin, End) of the file as written became
  /// [ExpandedBegin, ExpandedEnd) of Text.
  struct Span {
    unsigned Begin = 0, End = 0, ExpandedBegin = 0, ExpandedEnd = 0;
  };
  std::string Text;
  std::vector<Span> Spans; ///< in file order

  /// Where \p Offset of Text was in the file as written: the start of the
  /// invocation for offsets inside a written-out one.
  unsigned originalOffset(unsigned Offset) const;
};

/// Records what every macro invocation of the main file expands to, as the
/// preprocessor produces the tokens. Construct it before the parse starts
/// (it installs the preprocessor's token watcher) and keep it alive until the
/// parse is over.
class MacroRecorder {
public:
  explicit MacroRecorder(clang::Preprocessor &PP);
  /// Removes the watcher (the preprocessor may outlive the recorder).
  ~MacroRecorder();
  MacroRecorder(const MacroRecorder &) = delete;
  MacroRecorder &operator=(const MacroRecorder &) = delete;

  /// \p Original with the invocations starting at the offsets \p Begins
  /// written out; nullopt if one of them was not recorded, or would expand
  /// differently once written out.
  std::optional<ExpandedSource>
  writeOut(llvm::StringRef Original, const std::vector<unsigned> &Begins) const;

private:
  void watch(const clang::Token &Tok);
  bool rescans(const clang::Token &Tok) const;

  struct Invocation {
    unsigned End = 0;     ///< one past the invocation's last character
    std::string Text;     ///< the expanded tokens
    bool Rescans = false; ///< written out, it would expand differently
  };
  clang::Preprocessor &PP;
  std::map<unsigned, Invocation> Invocations; ///< by offset of the name
};

} // namespace agen::core

#endif // AGEN_CORE_MACROEXPANSION_H

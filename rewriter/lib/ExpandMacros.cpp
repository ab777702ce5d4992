//===- ExpandMacros.cpp - macro invocations the lowering must edit inside -===//
//
// Takes a generator's body and finds the macro invocations whose text the
// lowering would have to edit inside: a suspension or a statement produced by
// a macro, or a local or `this` named by a macro's definition. The lowering
// only edits bytes of the file as written, so those invocations are written
// out as the tokens they expanded to (recorded during the parse by a
// MacroRecorder) and the file is lowered again from that text.
//
// Macros that only wrap expressions over their arguments (assert, logging)
// stay as written: an argument's tokens are in the file and can be edited.
//
//===----------------------------------------------------------------------===//
#include "agen/core/MacroExpansion.h"

#include "GeneratorModel.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"

#include <algorithm>
#include <set>

using namespace clang;

namespace agen::core {

unsigned ExpandedSource::originalOffset(unsigned Offset) const {
  long Delta = 0;
  for (const Span &S : Spans) {
    if (Offset < S.ExpandedBegin)
      break;
    if (Offset < S.ExpandedEnd)
      return S.Begin;
    Delta = long(S.End) - long(S.ExpandedEnd);
  }
  return unsigned(long(Offset) + Delta);
}

MacroRecorder::MacroRecorder(Preprocessor &PP) : PP(PP) {
  PP.setTokenWatcher([this](const Token &Tok) { watch(Tok); });
}

MacroRecorder::~MacroRecorder() { PP.setTokenWatcher(nullptr); }

bool MacroRecorder::rescans(const Token &Tok) const {
  // A macro's name its own expansion produced is not expanded again; written
  // out and parsed again, it would be. Harmless only for `#define X X`
  // (glibc's stdout, stderr).
  if (!Tok.isExpandDisabled())
    return false;
  const IdentifierInfo *Name = Tok.getIdentifierInfo();
  const MacroInfo *MI = Name ? PP.getMacroInfo(Name) : nullptr;
  return MI && !(MI->isObjectLike() && MI->getNumTokens() == 1 &&
                 MI->getReplacementToken(0).getIdentifierInfo() == Name);
}

void MacroRecorder::watch(const Token &Tok) {
  SourceLocation Loc = Tok.getLocation();
  if (!Loc.isMacroID() || Tok.isAnnotation() ||
      Tok.isOneOf(tok::eof, tok::eod, tok::code_completion))
    return;
  const SourceManager &SM = PP.getSourceManager();
  CharSourceRange Range = SM.getExpansionRange(Loc);
  std::pair<FileID, unsigned> Begin = SM.getDecomposedLoc(Range.getBegin());
  if (Begin.first != SM.getMainFileID())
    return;
  SourceLocation End = Range.getEnd();
  if (Range.isTokenRange())
    End = Lexer::getLocForEndOfToken(End, 0, SM, PP.getLangOpts());
  Invocation &I = Invocations[Begin.second];
  I.End = std::max(I.End, SM.getFileOffset(End));
  I.Rescans |= rescans(Tok);
  if (!I.Text.empty())
    I.Text += ' ';
  I.Text += PP.getSpelling(Tok);
}

std::optional<ExpandedSource>
MacroRecorder::writeOut(llvm::StringRef Original,
                        const std::vector<unsigned> &Begins) const {
  std::set<unsigned> Sorted(Begins.begin(), Begins.end());
  ExpandedSource E;
  unsigned At = 0;
  for (unsigned Begin : Sorted) {
    auto It = Invocations.find(Begin);
    if (It == Invocations.end() || It->second.Rescans || Begin < At ||
        It->second.End > Original.size() || It->second.End <= Begin)
      return std::nullopt;
    unsigned End = It->second.End;
    E.Text += Original.slice(At, Begin);
    auto ExpandedBegin = unsigned(E.Text.size());
    E.Text += It->second.Text;
    E.Text.append(Original.slice(Begin, End).count('\n'), '\n');
    E.Spans.push_back({.Begin = Begin,
                       .End = End,
                       .ExpandedBegin = ExpandedBegin,
                       .ExpandedEnd = unsigned(E.Text.size())});
    At = End;
  }
  E.Text += Original.substr(At);
  return E;
}

namespace {

class InvocationFinder : public RecursiveASTVisitor<InvocationFinder> {
public:
  explicit InvocationFinder(const SourceManager &SM) : SM(SM) {}

  bool VisitStmt(Stmt *S) {
    if (!isa<Expr>(S) || isa<CoroutineSuspendExpr, DependentCoawaitExpr>(S)) {
      add(S->getBeginLoc());
      add(S->getEndLoc());
    } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      const ValueDecl *D = Ref->getDecl();
      const auto *VD = dyn_cast<VarDecl>(D);
      if ((isa<BindingDecl>(D) || (VD && VD->isLocalVarDeclOrParm())) &&
          !editable(Ref->getLocation()))
        add(Ref->getLocation());
    } else if (const auto *This = dyn_cast<CXXThisExpr>(S)) {
      if (!editable(This->getLocation()))
        add(This->getLocation());
    }
    return true;
  }

  std::vector<unsigned> Begins;

private:
  /// The token is in the file: written there, or a macro argument that was.
  bool editable(SourceLocation Loc) const {
    while (Loc.isMacroID()) {
      if (!SM.isMacroArgExpansion(Loc))
        return false;
      Loc = SM.getImmediateSpellingLoc(Loc);
    }
    return true;
  }

  void add(SourceLocation Loc) {
    if (!Loc.isMacroID())
      return;
    std::pair<FileID, unsigned> Begin =
        SM.getDecomposedLoc(SM.getExpansionRange(Loc).getBegin());
    if (Begin.first == SM.getMainFileID())
      Begins.push_back(Begin.second);
  }

  const SourceManager &SM;
};

} // namespace

std::vector<unsigned> macroInvocationsToWriteOut(const SourceManager &SM,
                                                 const Stmt &Body) {
  InvocationFinder F(SM);
  F.TraverseStmt(const_cast<Stmt *>(&Body));
  return std::move(F.Begins);
}

} // namespace agen::core

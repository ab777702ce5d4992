//===- SourceText.cpp - original text, edited, with #line directives ------===//
//
// Takes source ranges of the main file and produces text: the bytes as
// written with a set of disjoint edits applied. Everything the lowering
// outputs that comes from the user's source goes through here, which is why
// comments and formatting inside lowered functions survive. Also emits the
// #line directives that keep diagnostics and debug info on original lines.
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

#include "clang/Lex/Lexer.h"

#include <numeric>

using namespace clang;

namespace agen::core {

bool Lowerer::offsets(SourceRange R, unsigned &Begin, unsigned &End) {
  CharSourceRange CR = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts());
  if (CR.isInvalid() || !SM.isInMainFile(CR.getBegin())) {
    error(R.getBegin(), "agen cannot lower code that a macro expansion "
                        "mixes with a suspension or a hoisted local");
    return false;
  }
  Begin = SM.getFileOffset(CR.getBegin());
  End = SM.getFileOffset(CR.getEnd());
  return true;
}

unsigned Lowerer::offsetOf(SourceLocation Loc) {
  return SM.getFileOffset(SM.getFileLoc(Loc));
}

unsigned Lowerer::endOffsetOf(SourceLocation Loc) {
  SourceLocation End =
      Lexer::getLocForEndOfToken(SM.getFileLoc(Loc), 0, SM, Ctx.getLangOpts());
  return SM.getFileOffset(End);
}

static bool endsWithSemicolon(const Stmt *S) {
  if (const auto *C = dyn_cast<SwitchCase>(S))
    return endsWithSemicolon(C->getSubStmt());
  if (const auto *L = dyn_cast<LabelStmt>(S))
    return endsWithSemicolon(L->getSubStmt());
  if (const auto *A = dyn_cast<AttributedStmt>(S))
    return endsWithSemicolon(A->getSubStmt());
  // Compound statements whose last sub-statement is a simple one.
  if (const auto *If = dyn_cast<IfStmt>(S))
    return endsWithSemicolon(If->getElse() ? If->getElse() : If->getThen());
  if (const auto *W = dyn_cast<WhileStmt>(S))
    return endsWithSemicolon(W->getBody());
  if (const auto *F = dyn_cast<ForStmt>(S))
    return endsWithSemicolon(F->getBody());
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(S))
    return endsWithSemicolon(RF->getBody());
  if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    return endsWithSemicolon(Sw->getBody());
  return isa<Expr, ReturnStmt, BreakStmt, ContinueStmt, CoreturnStmt, DoStmt,
             GotoStmt>(S);
}

SourceRange Lowerer::fullRange(const Stmt *S) {
  SourceRange R = S->getSourceRange();
  if (!endsWithSemicolon(S))
    return R;
  std::optional<Token> Next =
      Lexer::findNextToken(SM.getFileLoc(R.getEnd()), SM, Ctx.getLangOpts());
  if (Next && Next->is(tok::semi))
    R.setEnd(Next->getLocation());
  return R;
}

std::string Lowerer::text(unsigned Begin, unsigned End,
                          std::vector<Edit> Edits) {
  llvm::StringRef Buf = SM.getBufferData(SM.getMainFileID());
  // An edit inside another (a saved condition replacing an operand that had
  // its own edits) gives way to it: the wider one sorts first. Of two edits
  // of the same range the first given wins (a saved value over `(*x)`).
  std::vector<unsigned> Order(Edits.size());
  std::iota(Order.begin(), Order.end(), 0U);
  llvm::sort(Order, [&](unsigned A, unsigned B) {
    const Edit &X = Edits[A], &Y = Edits[B];
    if (X.Begin != Y.Begin)
      return X.Begin < Y.Begin;
    return X.End != Y.End ? X.End > Y.End : A < B;
  });
  std::string Out;
  unsigned At = Begin;
  for (unsigned I : Order) {
    const Edit &E = Edits[I];
    if (E.Begin < At || E.End > End)
      continue; // nested in an edit already applied, or outside
    Out += Buf.slice(At, E.Begin);
    Out += E.Text;
    At = E.End;
    // Generated lines shifted what follows: put it back on its own line.
    if (Opts.LineDirectives && llvm::StringRef(E.Text).contains('\n') &&
        At < End)
      Out += lineAtOffset(At);
  }
  Out += Buf.slice(At, End);
  return Out;
}

std::string Lowerer::text(SourceRange R, std::vector<Edit> Edits) {
  unsigned B = 0, E = 0;
  if (!offsets(R, B, E))
    return {};
  return text(B, E, std::move(Edits));
}

std::string Lowerer::lineAtOffset(unsigned Offset) {
  if (!Opts.LineDirectives)
    return "\n";
  SourceLocation Loc = SM.getComposedLoc(SM.getMainFileID(), Offset);
  PresumedLoc PL = SM.getPresumedLoc(Loc);
  llvm::StringRef File = PL.getFilename();
  // The compiler's name for the file, unless a #line of its own renames it.
  if (!Opts.MainFileName.empty() &&
      File == SM.getPresumedLoc(SM.getLocForStartOfFile(SM.getMainFileID()))
                  .getFilename())
    File = Opts.MainFileName;
  std::string Name;
  for (char C : File) {
    if (C == '\\' || C == '"')
      Name += '\\';
    Name += C;
  }
  return "\n#line " + std::to_string(PL.getLine()) + " \"" + Name + "\"\n";
}

std::string Lowerer::lineAt(SourceLocation Loc) {
  return lineAtOffset(offsetOf(Loc));
}

std::string Lowerer::where(SourceLocation Loc) {
  PresumedLoc PL = SM.getPresumedLoc(SM.getFileLoc(Loc));
  if (PL.isInvalid())
    return "?";
  return llvm::sys::path::filename(PL.getFilename()).str() + ":" +
         std::to_string(PL.getLine());
}

} // namespace agen::core

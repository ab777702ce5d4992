//===- Lowerer.h - turns one analysed generator into text -----------------===//
//
// Internal to the core. A Lowerer takes the GeneratorModel of one generator
// and produces the replacement text of its body: a local frame class whose
// step() is the body as a state machine, and a return statement handing the
// frame to the runtime's host. The work is split by what it lowers:
//   SourceText.cpp         source ranges -> text with edits, #line directives
//   HoistLocals.cpp        frame slots for locals alive across suspensions
//   RewriteReferences.cpp  uses of hoisted locals, parameters and `this`
//   LowerFullExpressions.cpp  statements with suspensions inside expressions
//   LowerCoAwait.cpp       one co_await: awaiter, ready check, suspension
//   LowerCoYield.cpp       one co_yield: yielded value, suspension
//   EmitClosePaths.cpp     after a yield: close without exceptions, athrow;
//                          cleanup on handlers and jumps
//   LowerStatements.cpp    scopes, if/loops/switch/try around suspensions
//   EmitFrame.cpp          the frame class, resume dispatch, the host call
//
//===----------------------------------------------------------------------===//
#ifndef AGEN_CORE_LOWERER_H
#define AGEN_CORE_LOWERER_H

#include "GeneratorModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

#include <string>
#include <vector>

namespace agen::core {

/// Replace main-file bytes [Begin, End) with Text (an insertion if equal).
struct Edit {
  unsigned Begin = 0;
  unsigned End = 0;
  std::string Text;
};

/// What a statement with suspensions inside its expressions becomes.
struct SplitStatement {
  std::string Prologue;           ///< the suspensions, in evaluation order
  std::vector<Edit> Replacements; ///< each suspension -> its value
  std::string Epilogue; ///< end of the full-expression: temporaries die
  bool Valid = true;
};

/// The frame's base class holding the closure factories of \p Level
/// (FrameSlot::LambdaLevel).
std::string lambdasClass(unsigned Level);

/// False for types that cannot be named outside their function: lambdas,
/// local and unnamed classes (an awaiter type an `auto` function defines).
bool spellable(clang::QualType T);
/// spellable(), and not naming a type local to the body (an enum, a pointer
/// to a local class): the frame is declared before them.
bool spellableInFrame(clang::QualType T);

class Lowerer {
public:
  Lowerer(clang::ASTContext &Ctx, GeneratorModel &M, DiagnosticSink &Diags,
          const LowerOptions &Opts);

  /// The new text of the function body, braces included; empty on error.
  std::string lowerBody();
  /// Edits outside the body: names for unnamed parameters, which the frame
  /// copies as native mode does (call after lowerBody()).
  std::vector<Edit> signatureEdits();

  // ---- SourceText.cpp ----
  /// File offsets of a token range, or false (with an error) when it cannot
  /// be mapped to main-file text (macro bodies).
  bool offsets(clang::SourceRange R, unsigned &Begin, unsigned &End);
  /// The range of a statement including its terminating semicolon.
  clang::SourceRange fullRange(const clang::Stmt *S);
  /// Text of [Begin, End) with \p Edits applied (inside the range; an edit
  /// nested in a wider one is dropped).
  std::string text(unsigned Begin, unsigned End, std::vector<Edit> Edits);
  std::string text(clang::SourceRange R, std::vector<Edit> Edits);
  /// A line break, then a #line directive naming the source line of \p Loc
  /// (just the line break with --no-line-directives).
  std::string lineAt(clang::SourceLocation Loc);
  std::string lineAtOffset(unsigned Offset);
  std::string where(clang::SourceLocation Loc); ///< "file.cpp:12"
  unsigned offsetOf(clang::SourceLocation Loc);
  unsigned endOffsetOf(clang::SourceLocation Loc); ///< past the token

  // ---- HoistLocals.cpp ----
  void assignSlots();
  std::string typeText(clang::QualType T);
  /// \p T has a template argument pack (a variadic class template's
  /// specialization).
  static bool hasArgumentPack(clang::QualType T);
  /// \p T has a template argument that names a local or a parameter.
  static bool mentionsLocal(clang::QualType T);
  /// \p T names a template parameter that `auto` in a parameter invented
  /// (an abbreviated function template, a generic lambda): unspellable.
  static bool mentionsInventedParameter(clang::QualType T);
  /// A declaration of \p Name of type \p T (`T Name`; an array or function
  /// type, whose declarator wraps the name, through std::type_identity_t).
  std::string declText(clang::QualType T, llvm::StringRef Name);
  /// ", T1, T2..." for the held temporaries of \p S (an error for one the
  /// frame cannot name).
  std::string
  heldTypes(const Suspension &S,
            llvm::ArrayRef<const clang::MaterializeTemporaryExpr *> Held);
  /// typeText, but a C array (a braced list's) is spelled as std::array.
  std::string valueTypeText(clang::QualType T);
  const FrameSlot &slotOf(const LocalVar &V) const {
    return M.Slots[static_cast<size_t>(V.Slot)];
  }
  /// `x.construct_from(...)` for a hoisted declaration; Init is the lowered
  /// text of its initializer (empty: none).
  std::string constructText(const LocalVar &V, const std::string &Init);
  /// Text of \p VD's initializer as written, lowered, ready to follow the
  /// type in a functional cast or to be returned ("(a, b)", "{a}", "= e").
  std::string initializerText(const clang::VarDecl &VD,
                              const std::vector<Edit> &Extra);
  std::string resetText(const std::vector<const LocalVar *> &Vars,
                        bool IncludeTemps);
  /// The slot type of a local of dependent type (in a template): as written,
  /// or through decltype of its initializer for `auto`; references decide
  /// per instantiation whether they bind or extend a temporary. False after
  /// an error.
  bool dependentSlot(const LocalVar &V, FrameSlot &S);
  /// \p V's initializer as it reads at the frame's class scope, where
  /// decltype can name its type: hoisted locals through their slots, each
  /// suspension through the type of its value.
  std::string classScopeInit(const LocalVar &V);
  /// \p E as it reads at the frame's class scope (see classScopeInit).
  std::string classScopeText(const clang::Expr *E);

  // ---- RewriteReferences.cpp ----
  /// Edits for \p S: hoisted locals -> (*x), `this` -> agen_self, lambda
  /// captures, break/continue/co_return. Does not enter suspensions (their
  /// replacements come from LowerFullExpressions) or statements listed in
  /// \p Skip (lowered separately).
  void referenceEdits(const clang::Stmt *S, std::vector<Edit> &Out,
                      const llvm::DenseSet<const clang::Stmt *> &Skip = {});

  // ---- LowerFullExpressions.cpp ----
  SplitStatement splitSuspensions(const clang::Stmt *Root);
  /// What happens to an operand native mode evaluates before a suspension
  /// of its full-expression: nothing (it cannot change meanwhile), saved by
  /// value or by reference in the prologue, evaluated there for its effects
  /// only (a discarded comma operand), or an error.
  enum class EarlyOperand { Keep, Value, Reference, Discard, Reject };
  EarlyOperand classifyEarly(const clang::Expr *E, bool Discarded);
  bool unchangedWhileSuspended(const clang::Expr *E);
  /// Scalar locals and parameters only read, assigned or incremented by the
  /// body (nothing else can change them while it is suspended).
  const llvm::DenseSet<const clang::VarDecl *> &privateScalars();

  // ---- LowerCoAwait.cpp / LowerCoYield.cpp ----
  /// The temporaries a suspension's operand materializes outside nested
  /// suspensions and lambdas, in construction order: its slot holds them to
  /// the end of the full-expression, as a coroutine frame does.
  std::vector<const clang::MaterializeTemporaryExpr *>
  heldTemporaries(const Suspension &S) const;
  /// A temporary that \p S's operand, of dependent type, makes in one of the
  /// generator's instantiations (a per-instantiation temporary that
  /// heldTemporaries() cannot see), or null.
  const clang::MaterializeTemporaryExpr *
  temporaryPerInstantiation(const Suspension &S) const;
  /// The instantiations of the generator (a function template, a member of
  /// a class template) that this translation unit has.
  std::vector<const clang::FunctionDecl *> instantiations() const;
  std::string awaitPrologue(const Suspension &S, const std::string &Operand);
  std::string awaitValue(const Suspension &S);
  std::string yieldPrologue(const Suspension &S, const std::string &Operand);
  std::string yieldValue(const Suspension &S);
  /// The guards' on_suspend() calls (under \p Condition if not empty).
  std::string suspendGuards(const Suspension &S,
                            const std::string &Condition = "");
  std::string resumeGuards(const Suspension &S);
  /// The guard object \p G, callable (its slot holds a non-const object).
  std::string guardObject(const LocalVar &G);
  std::string slotName(const Suspension &S) const {
    return M.Slots[static_cast<size_t>(S.Slot)].Name;
  }

  // ---- EmitClosePaths.cpp ----
  std::string afterYield(const Suspension &S);
  std::string handlerCleanup(const clang::CXXTryStmt &Try);
  /// Replacement of a break/continue that leaves hoisted scopes ("" when a
  /// plain jump is right).
  std::string jumpText(const clang::Stmt *JumpStmt);
  bool needsLabels(const clang::Stmt *Loop, bool Continue) const;
  unsigned loopId(const clang::Stmt *Loop);

  // ---- LowerStatements.cpp ----
  std::string emit(const clang::Stmt *S);
  std::string emitCompound(const clang::CompoundStmt *CS, bool IsBody,
                           const std::string &Prefix = {});
  std::string emitSubstatement(const clang::Stmt *S,
                               const std::string &Prefix = {},
                               const std::string &Suffix = {});

  // ---- EmitFrame.cpp ----
  std::string tryDispatcher(const clang::CXXTryStmt &Try);
  unsigned tryId(const clang::CXXTryStmt *Try) const;
  std::string frameText(const std::string &StepBody);
  std::string factoryText(const clang::VarDecl &VD);
  /// The class template's name as written in a declaration that deduces its
  /// arguments by direct initialization (`std::lock_guard g(m)`), else empty:
  /// what makes the initializer an expression of the local's type.
  std::string deducedTemplateName(const clang::VarDecl &VD);

  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  GeneratorModel &M;
  DiagnosticSink &Diags;
  const LowerOptions &Opts;
  llvm::DenseMap<const clang::Stmt *, unsigned> LoopIds;
  /// Parameter copies and captures renamed in the frame (their names are
  /// step()'s or unwind()'s).
  llvm::DenseMap<const clang::ValueDecl *, std::string> Renamed;
  /// The frame member holding parameter or capture \p D.
  std::string memberName(const clang::ValueDecl &D) const {
    auto It = Renamed.find(&D);
    return It == Renamed.end() ? D.getName().str() : It->second;
  }
  std::vector<std::string> ExtraMembers; ///< e.g. saved conditions
  llvm::DenseSet<const clang::VarDecl *> PrivateScalars;
  bool PrivateScalarsDone = false;
  /// Variables the full-expression being split assigns or increments: a read
  /// of them must stay in place even if nothing else can change them.
  llvm::DenseSet<const clang::VarDecl *> ModifiedInStatement;
  bool Failed = false;

  // LowerStatements.cpp helpers
  std::string emitLoopBody(const clang::Stmt *Loop, const clang::Stmt *Body,
                           const clang::Stmt *InnerOwner,
                           const std::string &Prefix = {});
  std::string withBreakLabel(const clang::Stmt *Loop, std::string Text,
                             const clang::Stmt *InnerOwner);
  std::string emitDecl(const clang::DeclStmt *DS);
  std::string emitExprStmt(const clang::Expr *E);
  /// Appends \p CV's declaration (after its initializer's suspensions) to
  /// \p Out and sets \p Test to what the statement tests; false on error.
  bool declareConditionVariable(const clang::VarDecl *CV, std::string &Out,
                                std::string &Test);
  std::string emitIf(const clang::IfStmt *If);
  std::string emitWhile(const clang::WhileStmt *W);
  /// A switch around a suspension: init-statement and condition variable
  /// move into a block around it; a suspending condition is saved in the
  /// frame.
  std::string emitSwitch(const clang::SwitchStmt *Sw);
  std::string emitFor(const clang::ForStmt *F);
  /// A for or do-while whose condition or increment suspends, as
  /// `for (;;) { [test] body continue-label: [test] [increment] }`.
  std::string emitSuspendingLoop(const clang::Stmt *Loop,
                                 const clang::Stmt *Init,
                                 const clang::Expr *TestFirst,
                                 const clang::Expr *TestLast,
                                 const clang::Stmt *Body);
  std::string emitRangeFor(const clang::CXXForRangeStmt *RF);
  std::string emitTry(const clang::CXXTryStmt *T);
  /// Replaces the whole of \p Child inside a parent's text.
  void replaceWith(const clang::Stmt *Child, std::string Text,
                   std::vector<Edit> &Edits);
  std::string condVarText(const clang::VarDecl *VD,
                          const std::vector<Edit> &Replacements);

  void error(clang::SourceLocation Loc, const std::string &Message) {
    Diags.error(Loc, Message);
    Failed = true;
  }
};

} // namespace agen::core

#endif // AGEN_CORE_LOWERER_H

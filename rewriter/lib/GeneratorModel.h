//===- GeneratorModel.h - what the lowering knows about one generator -----===//
//
// Internal to the core. AnalyzeGenerator fills a GeneratorModel from the AST
// of one AGEN_GENERATOR function: its suspension points in evaluation order,
// the scopes of its body, which locals live across a suspension (and so move
// into the frame), the try statements that contain suspensions, and the
// break/continue statements that leave scopes holding hoisted locals. The
// emitters (HoistLocals, LowerCoAwait, LowerCoYield, LowerStatements,
// EmitClosePaths, EmitFrame) read it; nothing changes it after analysis.
//
//===----------------------------------------------------------------------===//
#ifndef AGEN_CORE_GENERATORMODEL_H
#define AGEN_CORE_GENERATORMODEL_H

#include "agen/core/Lowering.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <string>
#include <vector>

namespace agen::core {

/// A frame member with managed lifetime: a hoisted local, or the awaiter /
/// yielded value of one suspension point.
struct FrameSlot {
  std::string Name;    ///< member name, unique in the frame
  std::string Type;    ///< full member type, e.g. agen::detail::slot<Spy>
  std::string Comment; ///< provenance, e.g. "Spy s, main.cpp:3"
  std::string Align;   ///< `alignas(N) ` as the declaration asked, or empty
  unsigned Order = 0;  ///< construction order (declaration order in the frame)
  /// For a local of lambda type: the frame's member function that creates
  /// the closure (its type is named through it).
  std::string LambdaFactory;
  /// 1 for such a local, 1 + the highest level of the closure-typed locals
  /// its initializer uses: each level's factories see the slots of the
  /// levels below (agen_lambdas, agen_lambdas_2, ...).
  unsigned LambdaLevel = 0;
  /// How the slot is constructed when its type is decided per instantiation
  /// (templates): a reference that binds or holds its temporary (ref_slot),
  /// or a value whose type `auto` deduces.
  enum class Deduced { No, Reference, AutoValue } Deduce = Deduced::No;
};

/// A local variable of the body, or the temporary state (awaiter, yielded
/// value) of one suspension point.
struct LocalVar {
  const clang::VarDecl *Decl = nullptr; ///< null for a suspension's temporary
  int Temp = -1;        ///< index of the suspension whose temporary this is
  bool Hoisted = false; ///< alive across at least one suspension
  bool IsGuard = false; ///< has on_suspend()/on_resume() (context protocol)
  /// Of dependent type: whether it is a guard is decided per instantiation.
  bool MaybeGuard = false;
  /// An agen::context_guard (through a unique public base): it registers
  /// with the frame too, and is called statically only while no guard the
  /// lowering does not see is registered (else the registry calls it, in
  /// construction order with the others).
  bool ContextGuard = false;
  /// An agen::context_guard whose class hides its callbacks (private
  /// overrides): called through the base class, as native mode calls it.
  bool GuardThroughBase = false;
  unsigned Order = 0;
  int Slot = -1; ///< index into GeneratorModel::Slots once hoisted
  /// For a reference that extends a temporary's life: the temporary's type
  /// (the slot then owns a value of that type).
  clang::QualType ExtendedTemporary;
  /// The begin or end iterator of a range-for over a dependent range, which
  /// the template's AST does not spell out (Decl is null).
  const clang::CXXForRangeStmt *RangeFor = nullptr;
  bool RangeEnd = false;
};

struct Scope {
  const clang::Stmt *Owner = nullptr; ///< statement that opens the scope
  Scope *Parent = nullptr;
  std::vector<LocalVar *> Vars; ///< in declaration order
  unsigned Depth = 0;
};

/// One co_await or co_yield.
struct Suspension {
  const clang::Expr *E = nullptr;
  unsigned Id = 0; ///< resume point, 1-based
  bool IsYield = false;
  /// The operand as written (co_yield: the argument of yield_value).
  const clang::Expr *Operand = nullptr;
  /// Guards alive at the suspension, outermost first.
  std::vector<const LocalVar *> Guards;
  /// Enclosed by a handler that could catch generator_exit.
  bool CloseIsCatchable = false;
  /// Innermost try statement whose block contains it (its dispatch region).
  const clang::CXXTryStmt *Try = nullptr;
  unsigned Order = 0; ///< construction order of its slot among locals
  /// awaiting<A>, or a co_yield's slot, temporaries or yielding; -1: a
  /// co_yield in place with no temporaries to hold.
  int Slot = -1;
  /// What a co_yield constructs and yields (a copy converted to the yield
  /// type, or a materialized prvalue); null: it yields its operand in place.
  clang::QualType YieldCopy;
  /// A co_yield of dependent type: by address or copied is decided per
  /// instantiation (agen::detail::yield_address); the slot may stay empty.
  bool YieldDecidedLater = false;
  /// ...and the operand may denote a temporary, so it is never yielded in
  /// place.
  bool MayDenoteTemporary = false;
};

/// What a lambda generator captured: the frame gets a reference member of the
/// same name, bound where the lambda's body names the capture, so the body
/// keeps its spelling and reaches the same object as in native mode.
struct CaptureRef {
  const clang::ValueDecl *Var = nullptr; ///< the captured variable
  std::string Name;                      ///< member name (usually Var's)
  clang::QualType Type; ///< lvalue reference, const for a by-copy capture of
                        ///< a lambda that is not mutable
  /// For a type that cannot be named (a closure, a local class): an alias
  /// for decltype(Name) declared before the frame.
  std::string Alias;
};

/// A break or continue that leaves scopes: the jump has to run the cleanup
/// of the hoisted locals it skips, after ordinary locals have died.
struct Jump {
  const clang::Stmt *Target = nullptr; ///< the loop or switch
  std::vector<const Scope *> Exited;   ///< innermost first
};

struct GeneratorModel {
  const clang::FunctionDecl *Fn = nullptr;
  const clang::CompoundStmt *Body = nullptr;
  std::string YieldType; ///< async_generator's first argument, as spelled
  std::string SendType;  ///< its second ("void" when absent)
  clang::QualType Yield; ///< async_generator's first argument
  clang::QualType YieldValueType; ///< remove_cvref of the yield type
  bool UsesThis = false;
  /// The type of `this` in the body (a lambda's: its enclosing class's).
  clang::QualType ThisType;
  /// A lambda generator's captures, in capture order.
  std::vector<CaptureRef> Captures;
  /// A template (or a member of one): types may be dependent, and what
  /// depends on them is decided per instantiation (lowered_templates.hpp).
  bool Dependent = false;

  std::vector<std::unique_ptr<Scope>> Scopes;
  std::vector<std::unique_ptr<LocalVar>> Vars;
  llvm::DenseMap<const clang::VarDecl *, LocalVar *> VarOf;
  llvm::DenseMap<const clang::Stmt *, Scope *> ScopeOf; ///< by Owner
  std::vector<Suspension> Suspensions;
  llvm::DenseMap<const clang::Expr *, unsigned> SuspensionIndex;
  std::vector<FrameSlot> Slots;
  /// Statements (and expressions) with a suspension somewhere inside.
  llvm::DenseSet<const clang::Stmt *> Suspending;
  /// Try statements whose try block contains suspensions, outermost first.
  std::vector<const clang::CXXTryStmt *> TryRegions;
  llvm::DenseMap<const clang::CXXTryStmt *, const clang::CXXTryStmt *>
      EnclosingTry;
  llvm::DenseMap<const clang::Stmt *, Jump> Jumps;
  /// Loops rewritten as `for (;;)` because their condition or increment
  /// suspends: a `continue` has to reach the increment or the test, so it
  /// always jumps to the loop's continue label.
  llvm::DenseSet<const clang::Stmt *> ContinueToLabel;
  /// The hidden begin/end iterators of range-fors over dependent ranges.
  llvm::DenseMap<const clang::CXXForRangeStmt *,
                 std::pair<LocalVar *, LocalVar *>>
      RangeIterators;
  /// Classes, enums and aliases declared in the body that the types of
  /// locals living across a suspension mention: their declarations move in
  /// front of the frame, which needs their names.
  std::vector<const clang::NamedDecl *> MovedTypes;
  /// Every identifier the body names, to keep frame members from shadowing
  /// a global the body refers to.
  llvm::DenseSet<llvm::StringRef> NamesUsed;

  bool suspends(const clang::Stmt *S) const {
    return S && Suspending.contains(S);
  }
  const LocalVar *hoisted(const clang::ValueDecl *D) const {
    const auto *VD = llvm::dyn_cast_or_null<clang::VarDecl>(D);
    auto It = VD ? VarOf.find(VD) : VarOf.end();
    return It != VarOf.end() && It->second->Hoisted ? It->second : nullptr;
  }
  const CaptureRef *capture(const clang::ValueDecl *D) const {
    for (const CaptureRef &C : Captures)
      if (C.Var == D)
        return &C;
    return nullptr;
  }
  const Suspension *suspension(const clang::Expr *E) const {
    auto It = SuspensionIndex.find(E);
    return It == SuspensionIndex.end() ? nullptr : &Suspensions[It->second];
  }
  /// Hoisted locals (not suspension temporaries) declared directly in the
  /// scope \p Owner opens, in declaration order.
  std::vector<const LocalVar *> hoistedIn(const clang::Stmt *Owner) const {
    std::vector<const LocalVar *> Out;
    if (const Scope *Sc = ScopeOf.lookup(Owner))
      for (const LocalVar *V : Sc->Vars)
        if (V->Hoisted && V->Temp < 0)
          Out.push_back(V);
    return Out;
  }
  /// Hoisted locals of every scope nested in \p S (itself included), in
  /// declaration order.
  std::vector<const LocalVar *> hoistedWithin(const clang::Stmt *S) const;
};

/// Collects diagnostics while lowering one file.
class DiagnosticSink {
public:
  explicit DiagnosticSink(const clang::SourceManager &SM) : SM(SM) {}
  void error(clang::SourceLocation Loc, std::string Message);
  void warning(clang::SourceLocation Loc, std::string Message);
  void note(clang::SourceLocation Loc, std::string Message);
  bool hasErrors() const { return Errors > 0; }
  unsigned errorCount() const { return Errors; }
  std::vector<LowerDiagnostic> take() { return std::move(Diags); }

private:
  void add(LowerDiagnostic::Level L, clang::SourceLocation Loc,
           std::string Message);
  const clang::SourceManager &SM;
  std::vector<LowerDiagnostic> Diags;
  unsigned Errors = 0;
};

/// Builds the model of \p Fn (AnalyzeGenerator.cpp). Reports what cannot be
/// lowered to \p Diags; the model is unusable if it reported errors.
GeneratorModel analyzeGenerator(clang::ASTContext &Ctx,
                                const clang::FunctionDecl &Fn,
                                DiagnosticSink &Diags);

/// Offsets in the main file of the macro invocations in \p Body that the
/// lowering would have to edit inside (ExpandMacros.cpp).
std::vector<unsigned> macroInvocationsToWriteOut(const clang::SourceManager &SM,
                                                 const clang::Stmt &Body);

/// \p T has on_suspend() and on_resume() members (its own or inherited): a
/// context guard (SPEC §4).
bool isGuardType(clang::QualType T);
/// A closure type somewhere in \p T (a template argument, an array element,
/// a pointee): the frame has no way to spell it.
bool namesClosure(clang::QualType T);
/// A local whose type the frame names through a member function of its base
/// that makes the object (`agen_make_x()`): a closure, or a type deduced
/// (`auto`, class template arguments) from an initializer with closures in
/// it.
bool madeByLambdaFactory(const clang::VarDecl &VD);

/// `co_yield e`: the argument of the yield_value call, as written.
const clang::Expr *yieldOperand(const clang::CoyieldExpr &Y);

} // namespace agen::core

#endif // AGEN_CORE_GENERATORMODEL_H

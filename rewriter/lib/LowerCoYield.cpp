//===- LowerCoYield.cpp - one co_yield becomes a suspension ---------------===//
//
// Takes a co_yield (its operand already lowered to text, its temporaries
// held in its slot) and produces: the yielded value (the operand by address
// where native mode's yield_value() binds it in place, else converted or
// materialized in the slot, as native mode does), then the guards'
// on_suspend() (unless the frame is closing: that yield is rejected), the
// resume point and the exit through yield_value(). After the resume label
// comes the close or athrow handling (EmitClosePaths); the expression's value
// is what asend() sent. In a template, by address or materialized is decided
// per instantiation (agen::detail::yield_address).
//
//===----------------------------------------------------------------------===//
#include "Lowerer.h"

using namespace clang;

namespace agen::core {

std::string Lowerer::yieldPrologue(const Suspension &S,
                                   const std::string &Operand) {
  std::string Id = std::to_string(S.Id);
  std::string Out = "/* co_yield " + where(S.E->getBeginLoc()) + " */ ";
  std::string Address;
  if (S.YieldDecidedLater) {
    Address = "agen::detail::yield_address<" +
              std::string(S.MayDenoteTemporary ? "false" : "true") + ", " +
              M.YieldType + ">(" + slotName(S) +
              ", [&]() -> decltype(auto) { return (" + Operand + "); })";
  } else if (!S.YieldCopy.isNull()) {
    std::string Slot = slotName(S);
    Out += Slot + ".construct_from([&]() -> " + typeText(S.YieldCopy) +
           " { return " + Operand + "; });\n";
    Address = "std::addressof(*" + Slot + ")";
  } else {
    Address = "agen::detail::address_of(" + Operand + ")";
  }
  std::string Leave =
      "agen_resume_point = " + Id + "; return agen_cx.yield_value(";
  if (S.Guards.empty()) {
    Out += Leave + Address + ");\n";
  } else {
    // The operand runs in the generator's context, before on_suspend(); a
    // co_yield while closing is rejected without suspending (native mode
    // never suspends the guards there): they stay resumed while the frame is
    // destroyed.
    Out += "{ auto *agen_yielded = " + Address + "; " +
           suspendGuards(S, "!agen_cx.closing()") + Leave +
           "agen_yielded); }\n";
  }
  Out += "agen_resume_" + Id + ": " + afterYield(S) + "\n";
  return Out;
}

std::string Lowerer::yieldValue(const Suspension &) {
  if (M.SendType == "void")
    return "(void)0";
  return "agen_cx.take_sent()";
}

} // namespace agen::core

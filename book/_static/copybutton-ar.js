// sphinx-copybutton keeps its button's words in a global `messages`, one entry per language, and has
// none for Arabic: it then falls back to English. Give it Arabic before it draws its buttons (when the
// page's DOM is loaded; this script runs before that, after copybutton.js).
if (typeof messages !== "undefined" && document.documentElement.lang === "ar") {
  messages.ar = {
    copy: "نسخ",
    copy_to_clipboard: "نسخ إلى الحافظة",
    copy_success: "نُسخ!",
    copy_failure: "تعذّر النسخ",
  };
  locale = "ar";
  // the icons were drawn with the English titles a screen reader announces: draw them again
  iconCopy = iconCopy.replace("Copy to clipboard", messages.ar.copy_to_clipboard);
  iconCheck = iconCheck.replace("Copied!", messages.ar.copy_success);
}

// The Arabic edition's plotly.js locale, loaded (deferred) between plotly.js and figures.js on Arabic
// pages. plotly.js-locales' own `ar` (vendor/plotly-locale-ar.js) leaves the modebar in English, names
// May «آذار» and writes short months as digits; this one uses the source's month names («أيار»,
// «تشرين الأول») and translates the modebar. Digits stay Western, as the source writes them.
"use strict";
(() => {
  const months = [
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
  ];
  const days = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];
  Plotly.register({
    moduleType: "locale",
    name: "ar",
    dictionary: {
      "Download plot as a png": "تنزيل الشكل بصيغة PNG",
      "Download plot": "تنزيل الشكل",
      "Zoom": "تكبير منطقة",
      "Pan": "تحريك",
      "Box Select": "تحديد بمستطيل",
      "Lasso Select": "تحديد حرّ",
      "Zoom in": "تكبير",
      "Zoom out": "تصغير",
      "Autoscale": "ملاءمة تلقائية",
      "Reset axes": "إعادة المحاور",
      "Reset": "إعادة الضبط",
      "Reset view": "إعادة العرض",
      "Toggle Spike Lines": "إظهار خطوط الإسقاط أو إخفاؤها",
      "Show closest data on hover": "عرض أقرب بيانات عند التمرير",
      "Compare data on hover": "مقارنة البيانات عند التمرير",
      "Produced with Plotly.js": "أُنتج بـ Plotly.js",
    },
    format: { days, shortDays: days, months, shortMonths: months, date: "%d/%m/%Y" },
  });
})();

// The Arabic edition's plotly.js locale, which figures.js loads after plotly.js, before drawing, on Arabic
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
      "Download plot as a PNG": "تنزيل الشكل بصيغة PNG",
      "Download plot": "تنزيل الشكل",
      "Zoom": "تكبير منطقة",
      "Pan": "تحريك",
      "Box Select": "تحديد بمستطيل",
      "Lasso Select": "تحديد حرّ",
      "Zoom in": "تكبير",
      "Zoom out": "تصغير",
      "Autoscale": "ملاءمة تلقائية",
      "Reset axes": "إعادة ضبط المحاور",
      "Reset": "إعادة الضبط",
      "Reset view": "إعادة العرض",
      "Reset views": "إعادة العروض",
      "Toggle Spike Lines": "إظهار خطوط الإسقاط أو إخفاؤها",
      "Show closest data on hover": "عرض أقرب بيانات عند التمرير",
      "Toggle show closest data on hover": "إظهار أقرب البيانات عند التمرير أو إخفاؤها",
      "Compare data on hover": "مقارنة البيانات عند التمرير",
      "Produced with Plotly.js": "أُنتج بـ Plotly.js",
      "Double-click on legend to isolate one trace": "انقر مرتين على عنصر في المفتاح لعزل سلسلته",
      "Double-click to zoom back out": "انقر مرتين للعودة إلى العرض الأصلي",
      "Sorry, there was a problem downloading your image!": "عذرًا، تعذّر تنزيل الصورة",
      "Preparing image - this may take a few seconds": "جارٍ تجهيز الصورة، وقد يستغرق ذلك بضع ثوانٍ",
      "Image download succeeded": "نُزِّلت الصورة بنجاح",
    },
    format: { days, shortDays: days, months, shortMonths: months, date: "%d/%m/%Y" },
  });
})();

"""The demo's programs (proker): one table per program, in every status, across the departments.

Dates are days from the organization's today (negative: past), so the demo stays alive whenever it is
loaded: running programs with a deadline in the coming week, two that are late, overdue tasks and
milestones. People are handles (``staf1.ristek``, see people.py). Amounts are rupiah, exact.

Who does what follows docs/domain.md: the head of the department (the ketua for the BPH) creates the program
and submits it, the ketua (or ``approver``) decides, the PJ starts and finishes it and enters its
committee, milestones, budget and tasks, the bendahara verifies budget lines, each assignee moves their
own task, the head pauses or cancels.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Milestone:
    name: str
    due: int
    done: bool = False


@dataclass(frozen=True)
class Line:
    """A budget item: ``quantity`` x ``unit_price``; ``actual`` what was received or spent so far."""

    kind: str  # pemasukan | pengeluaran
    category: str
    unit_price: str
    quantity: str = "1"
    unit: str | None = None
    description: str | None = None
    actual: str | None = None
    verified: bool = False


@dataclass(frozen=True)
class Task:
    title: str
    due: int
    assignees: tuple[str, ...]
    status: str = "belum_dimulai"
    priority: str = "sedang"
    description: str | None = None
    milestone: int | None = None  # index into the program's milestones
    note: str | None = None  # why, for ditunda and dibatalkan
    comments: tuple[tuple[str, str], ...] = ()  # (author, text)


@dataclass(frozen=True)
class Program:
    code: str
    name: str
    department: str
    type: str  # event | rutin | berkelanjutan
    status: str
    pj: str
    start: int
    end: int
    budget: str
    description: str
    objectives: str
    target_group: str
    success_indicators: str
    location: str
    actual_start: int | None = None
    actual_end: int | None = None
    note: str | None = None  # the reason of the last transition (revisi, ditolak, ditunda, dibatalkan)
    approver: str = "ketua"
    committee: tuple[tuple[str, str], ...] = ()  # (handle, committee role)
    milestones: tuple[Milestone, ...] = ()
    budget_lines: tuple[Line, ...] = ()
    tasks: tuple[Task, ...] = ()


IN, OUT = "pemasukan", "pengeluaran"

SEMINAR = Program(
    code="SEMNAS-AI", name="Seminar Nasional Kecerdasan Artifisial", department="RISTEK", type="event",
    status="dalam_progres", pj="wakadep.ristek", start=-45, end=6, actual_start=-42, budget="18560000",
    description="Seminar nasional tahunan HIMA Informatika yang menghadirkan praktisi industri dan akademisi "
                "untuk membahas penerapan kecerdasan artifisial di Indonesia, dari riset sampai produk.",
    objectives="Meningkatkan literasi mahasiswa tentang kecerdasan artifisial dan etika penggunaannya; "
               "membangun jejaring himpunan dengan industri dan lembaga riset.",
    target_group="Mahasiswa informatika dan umum se-Jawa (target 300 peserta)",
    success_indicators="- 300 peserta terdaftar\n- Minimal 250 peserta hadir\n- Kepuasan peserta di atas 85%\n"
                       "- Dua sponsor utama",
    location="Auditorium Gedung Rektorat Lt. 3, Universitas Nusantara",
    committee=(("staf1.ristek", "koordinator acara"), ("staf2.ristek", "sekretaris panitia"),
               ("staf3.kwu", "bendahara panitia"), ("staf1.humas", "sie publikasi"),
               ("staf2.miba", "sie perlengkapan")),
    milestones=(Milestone("Proposal dan RAB disetujui", -38, done=True),
                Milestone("Pembicara utama terkonfirmasi", -14, done=True),
                Milestone("Publikasi gelombang kedua", -2),
                Milestone("Pendaftaran peserta ditutup", 2),
                Milestone("Hari pelaksanaan", 6)),
    budget_lines=(
        Line(IN, "Dana kemahasiswaan fakultas", "8000000", actual="8000000", verified=True),
        Line(IN, "Sponsor PT Telekomunikasi Nusantara", "5000000", actual="5000000", verified=True),
        Line(IN, "Tiket peserta", "25000", "300", "orang", actual="4350000"),
        Line(OUT, "Honorarium pembicara", "1500000", "3", "orang"),
        Line(OUT, "Sewa auditorium", "3500000", "1", "hari", actual="3500000", verified=True),
        Line(OUT, "Konsumsi", "27500", "320", "kotak", "Snack dan makan siang peserta serta panitia"),
        Line(OUT, "Cetak banner dan x-banner", "85000", "6", "lembar", actual="495000"),
        Line(OUT, "Sertifikat dan plakat pembicara", "1250000", "1", "paket"),
    ),
    tasks=(
        Task("Susun proposal dan RAB", -38, ("staf2.ristek",), "selesai", "tinggi", milestone=0),
        Task("Hubungi dan konfirmasi pembicara utama", -14, ("staf1.ristek",), "selesai", "kritis", milestone=1,
             comments=(("staf1.ristek", "Dr. Andi Wijaya dari BRIN bersedia hadir, surat resminya sudah dikirim."),
                       ("wakadep.ristek", "Mantap! Tolong minta CV dan foto untuk publikasi."))),
        Task("Ajukan surat peminjaman auditorium", -20, ("staf2.ristek",), "selesai"),
        Task("Buka pendaftaran peserta lewat formulir daring", -7, ("staf1.ristek",), "selesai"),
        Task("Desain poster dan feed Instagram", -5, ("staf1.humas",), "review", milestone=2,
             comments=(("wakadep.ristek", "Logo sponsor belum masuk di versi terakhir, tolong ditambahkan."),
                       ("staf1.humas", "Sudah saya perbarui, mohon dicek lagi ya Kak."))),
        Task("Cari sponsor tambahan", -3, ("staf3.kwu", "staf1.ristek"), "dalam_progres", "tinggi",
             description="Target dua sponsor lagi untuk menutup kekurangan dana konsumsi.",
             comments=(("staf3.kwu", "Proposal sudah dikirim ke 6 perusahaan; dua minta presentasi minggu ini."),
                       ("wakadep.ristek", "Siap, nanti saya temani presentasinya. Kabari jadwalnya."),
                       ("bendahara", "Kalau dana sponsor masuk, kirim bukti transfernya untuk diverifikasi."))),
        Task("Sebarkan publikasi ke grup angkatan dan kampus lain", -2, ("staf2.humas",), milestone=2),
        Task("Siapkan rundown acara", 3, ("staf1.ristek",), "dalam_progres", milestone=4),
        Task("Pesan konsumsi 320 kotak", 4, ("staf2.ristek",), priority="tinggi", milestone=4),
        Task("Siapkan perlengkapan dan dekorasi panggung", 5, ("staf2.miba", "staf3.ristek"), milestone=4),
        Task("Cetak sertifikat peserta", 5, ("staf3.ristek",), "ditunda",
             note="Menunggu tanda tangan pembicara dan dekan."),
        Task("Sewa kamera untuk siaran langsung", 2, ("staf3.ristek",), "dibatalkan",
             note="Siaran langsung memakai peralatan studio fakultas."),
        Task("Gladi resik", 5, ("wakadep.ristek", "staf1.ristek", "staf2.ristek"), priority="tinggi", milestone=4),
    ),
)

WEBDEV = Program(
    code="WEBDEV", name="Pelatihan Web Development Dasar", department="RISTEK", type="rutin",
    status="dalam_progres", pj="staf3.ristek", start=-35, end=-4, actual_start=-33, budget="1500000",
    description="Pelatihan mingguan delapan sesi: HTML, CSS, JavaScript dasar sampai deploy website sederhana, "
                "ditutup dengan proyek akhir peserta.",
    objectives="Membekali mahasiswa tahun pertama dengan keterampilan dasar pengembangan web.",
    target_group="Mahasiswa Informatika tahun pertama (40 peserta)",
    success_indicators="- 40 peserta mengikuti minimal 6 dari 8 sesi\n- 30 proyek akhir terkumpul",
    location="Laboratorium Komputer 2, Gedung C",
    committee=(("staf1.ristek", "mentor"), ("staf2.ristek", "mentor")),
    milestones=(Milestone("Sesi 1-4 selesai", -18, done=True), Milestone("Sesi 5-8 selesai", -6),
                Milestone("Penilaian proyek akhir", -4)),
    budget_lines=(
        Line(IN, "Kas HIMA", "1000000", actual="1000000", verified=True),
        Line(IN, "Iuran peserta", "35000", "40", "orang", actual="1330000"),
        Line(OUT, "Konsumsi pemateri", "150000", "8", "sesi", actual="1050000", verified=True),
        Line(OUT, "Sertifikat pelatihan", "7500", "40", "lembar"),
    ),
    tasks=(
        Task("Susun kurikulum delapan sesi", -32, ("staf1.ristek",), "selesai", milestone=0),
        Task("Siapkan modul HTML dan CSS", -28, ("staf1.ristek",), "selesai", milestone=0),
        Task("Siapkan modul JavaScript dasar", -20, ("staf1.ristek", "staf2.ristek"), "selesai", milestone=1),
        Task("Rekap presensi peserta", -6, ("staf2.ristek",), "dalam_progres", milestone=1),
        Task("Sesi tambahan: deploy website ke hosting gratis", -5, ("staf1.ristek",), "review", milestone=1),
        Task("Nilai proyek akhir peserta", -4, ("staf1.ristek",), "dalam_progres", "tinggi", milestone=2,
             comments=(("staf1.ristek", "Masih ada 12 proyek yang belum dinilai, target selesai Jumat."),
                       ("kadep.ristek", "Tolong diprioritaskan, sertifikat menunggu nilai ini."))),
        Task("Cetak sertifikat pelatihan", -4, ("staf3.ristek",), milestone=2),
    ),
)

HACKATHON = Program(
    code="HACK", name="Hackathon Internal Informatika", department="RISTEK", type="event", status="draft",
    pj="staf1.ristek", start=0, end=52, budget="7500000",
    description="Kompetisi membangun prototipe aplikasi dalam 24 jam untuk tim lintas angkatan, bertema "
                "solusi digital untuk kampus.",
    objectives="Melatih kerja tim dan pemecahan masalah; menjaring tim untuk kompetisi nasional.",
    target_group="Mahasiswa Informatika semua angkatan (15 tim)",
    success_indicators="- 15 tim mendaftar\n- 10 prototipe selesai dipresentasikan",
    location="Co-working space Gedung C",
    budget_lines=(
        Line(OUT, "Hadiah juara 1-3", "1000000", "3", "paket"),
        Line(OUT, "Konsumsi 24 jam", "75000", "60", "orang"),
    ),
    tasks=(
        Task("Susun proposal dan RAB hackathon", 12, ("staf1.ristek",), "dalam_progres", "tinggi"),
        Task("Survei tema hackathon ke angkatan", 14, ("staf2.ristek",)),
    ),
)

COMPANY_VISIT = Program(
    code="COMVIS", name="Company Visit ke Startup Digital Jakarta", department="HUMAS", type="event",
    status="disetujui", pj="staf1.humas", start=-5, end=13, budget="8625000", approver="wakil.ketua",
    description="Kunjungan ke kantor startup digital untuk melihat langsung proses kerja tim produk dan "
                "engineering, dengan sesi tanya jawab bersama alumni.",
    objectives="Mengenalkan dunia kerja industri digital dan membuka peluang magang.",
    target_group="Mahasiswa Informatika semester 3-5 (45 peserta)",
    success_indicators="- 45 peserta berangkat\n- Minimal 5 peserta mendaftar program magang",
    location="Kantor PT Kreasi Digital Nusantara, Jakarta Selatan",
    committee=(("staf2.humas", "sekretaris panitia"), ("staf3.humas", "sie transportasi")),
    milestones=(Milestone("Konfirmasi perusahaan tujuan", -3, done=True),
                Milestone("Pendaftaran peserta ditutup", 5), Milestone("Keberangkatan", 12)),
    budget_lines=(
        Line(IN, "Subsidi fakultas", "4000000", actual="4000000", verified=True),
        Line(IN, "Iuran peserta", "125000", "45", "orang"),
        Line(OUT, "Sewa bus pariwisata", "6500000", "1", "unit"),
        Line(OUT, "Konsumsi perjalanan", "35000", "50", "orang"),
        Line(OUT, "Cendera mata untuk perusahaan", "375000", "1", "paket"),
    ),
    tasks=(
        Task("Kirim surat permohonan kunjungan", -3, ("staf2.humas",), "selesai", milestone=0),
        Task("Buka pendaftaran peserta", 2, ("staf3.humas",), "dalam_progres", milestone=1),
        Task("Sewa bus pariwisata", 6, ("staf3.humas",), priority="tinggi"),
        Task("Siapkan cendera mata", 10, ("staf2.humas",), priority="rendah"),
    ),
)

MEDIA_PARTNER = Program(
    code="MEDPART", name="Media Partner dan Publikasi Kabinet", department="HUMAS", type="berkelanjutan",
    status="dalam_progres", pj="wakadep.humas", start=-80, end=5, actual_start=-78, budget="1200000",
    description="Pengelolaan media sosial dan website himpunan sepanjang semester, serta kerja sama dengan "
                "media partner kampus dan komunitas.",
    objectives="Menjaga kehadiran himpunan di media sosial dan menyebarkan informasi kegiatan.",
    target_group="Mahasiswa Informatika, alumni dan calon mahasiswa",
    success_indicators="- Tiga konten per minggu\n- 5 media partner aktif\n- Pengikut Instagram naik 20%",
    location="Daring (Instagram, TikTok, website HIMA)",
    committee=(("staf1.humas", "admin media sosial"), ("staf3.ristek", "pengelola website")),
    milestones=(Milestone("Feed profil kabinet terbit", -70, done=True),
                Milestone("Evaluasi publikasi semester", 5)),
    budget_lines=(
        Line(OUT, "Iklan berbayar Instagram", "250000", "3", "bulan", actual="600000", verified=True),
        Line(OUT, "Domain dan hosting website", "450000", "1", "tahun", actual="450000"),
    ),
    tasks=(
        Task("Unggah konten profil kabinet", -70, ("staf3.humas",), "selesai", milestone=0),
        Task("Rekap insight media sosial bulan lalu", -1, ("staf2.humas",), "review"),
        Task("Jalin kerja sama dengan 5 media partner", 3, ("staf1.humas", "wakadep.humas"), "dalam_progres",
             comments=(("staf1.humas", "Tiga media partner sudah setuju, dua lagi masih negosiasi."),)),
        Task("Perbarui halaman kegiatan di website HIMA", 5, ("staf3.ristek",), milestone=1),
    ),
)

STUDY_VISIT = Program(
    code="STUBAN", name="Studi Banding ke HIMA Informatika Universitas Gadjah Mada", department="HUMAS",
    type="event", status="ditolak", pj="staf2.humas", start=30, end=32, budget="24000000",
    note="Anggaran terlalu besar untuk semester ini. Ajukan kembali sebagai kunjungan daring, atau gabungkan "
         "dengan Company Visit.",
    description="Kunjungan dua hari ke HIMA Informatika UGM untuk bertukar praktik pengelolaan himpunan.",
    objectives="Belajar tata kelola program kerja dan kaderisasi dari himpunan lain.",
    target_group="Pengurus HIMA Informatika (30 orang)",
    success_indicators="- Nota kesepahaman kerja sama antarhimpunan\n- Laporan hasil studi banding",
    location="Fakultas MIPA Universitas Gadjah Mada, Yogyakarta",
    budget_lines=(
        Line(OUT, "Tiket kereta pulang-pergi", "450000", "30", "orang"),
        Line(OUT, "Penginapan", "350000", "30", "orang"),
    ),
)

LKMM = Program(
    code="LKMM-PD", name="Latihan Keterampilan Manajemen Mahasiswa Pra-Dasar", department="PSDM", type="event",
    status="selesai", pj="wakadep.psdm", start=-62, end=-46, actual_start=-60, actual_end=-46, budget="4500000",
    description="Pelatihan kepemimpinan dan manajemen organisasi dua hari untuk mahasiswa baru, syarat menjadi "
                "staf himpunan.",
    objectives="Menanamkan dasar kepemimpinan, manajemen waktu dan kerja tim kepada mahasiswa baru.",
    target_group="Mahasiswa baru Informatika (100 peserta)",
    success_indicators="- 100 peserta lulus\n- Kepuasan peserta minimal 4 dari 5",
    location="Gedung Serbaguna Fakultas Ilmu Komputer",
    committee=(("staf1.psdm", "sekretaris panitia"), ("staf2.psdm", "koordinator materi"),
               ("staf3.psdm", "sie konsumsi")),
    milestones=(Milestone("Pemateri terkonfirmasi", -52, done=True), Milestone("Hari pelaksanaan", -47, done=True),
                Milestone("Evaluasi dan laporan", -46, done=True)),
    budget_lines=(
        Line(IN, "Dana kemahasiswaan fakultas", "4500000", actual="4500000", verified=True),
        Line(OUT, "Konsumsi dua hari", "18000", "220", "porsi", actual="3960000", verified=True),
        Line(OUT, "Modul peserta", "3900", "100", "eksemplar", actual="390000", verified=True),
        Line(OUT, "Honor pemateri", "150000", "1", "orang", actual="150000"),
    ),
    tasks=(
        Task("Susun materi dan jadwal LKMM", -55, ("staf2.psdm",), "selesai"),
        Task("Undang pemateri dari BEM Universitas", -52, ("staf1.psdm",), "selesai", milestone=0),
        Task("Pendaftaran peserta mahasiswa baru", -50, ("staf3.psdm",), "selesai"),
        Task("Siapkan konsumsi dua hari", -47, ("staf3.psdm",), "selesai", milestone=1),
        Task("Rekap evaluasi peserta", -46, ("staf1.psdm",), "selesai", milestone=2,
             comments=(("kadep.psdm", "Terima kasih semua, rata-rata kepuasan peserta 4,6 dari 5."),)),
    ),
)

MENTORING = Program(
    code="MENTOR", name="Mentoring Akademik Mahasiswa Baru", department="PSDM", type="rutin", status="ditunda",
    pj="staf1.psdm", start=-40, end=50, actual_start=-38, budget="1600000",
    note="Ditunda sampai UAS selesai: para mentor fokus ujian.",
    description="Pendampingan belajar mingguan oleh kakak tingkat untuk mata kuliah Kalkulus dan Algoritma "
                "Pemrograman.",
    objectives="Menurunkan angka tidak lulus mata kuliah dasar di tahun pertama.",
    target_group="Mahasiswa baru Informatika (12 kelompok)",
    success_indicators="- 12 kelompok aktif sampai akhir semester\n- Nilai rata-rata Kalkulus naik",
    location="Ruang kelas Gedung C dan daring",
    committee=(("staf2.psdm", "koordinator mentor"), ("staf3.psdm", "mentor")),
    milestones=(Milestone("Kelompok mentoring terbentuk", -35, done=True),
                Milestone("Evaluasi tengah semester", 5)),
    budget_lines=(Line(OUT, "Konsumsi pertemuan", "200000", "8", "pertemuan", actual="600000"),),
    tasks=(
        Task("Bentuk kelompok mentoring", -35, ("staf2.psdm",), "selesai", milestone=0),
        Task("Pertemuan mentoring ke-4", -3, ("staf3.psdm", "staf1.psdm"), "dalam_progres",
             comments=(("staf3.psdm", "Pertemuan ke-4 diundur, banyak mentee bentrok dengan kuis."),)),
        Task("Susun bank soal Kalkulus", 10, ("staf2.psdm",)),
        Task("Survei kepuasan mentee", 20, ("staf3.psdm",), priority="rendah"),
    ),
)

UPGRADING = Program(
    code="UPGRADE", name="Upgrading Pengurus Kabinet", department="PSDM", type="event", status="diajukan",
    pj="staf2.psdm", start=18, end=19, budget="7200000",
    description="Pelatihan dan evaluasi pengurus di pertengahan periode: refleksi program kerja, komunikasi "
                "antardepartemen dan team building.",
    objectives="Menyegarkan semangat pengurus dan memperbaiki koordinasi untuk semester berikutnya.",
    target_group="Seluruh pengurus HIMA Informatika (32 orang)",
    success_indicators="- 90% pengurus hadir\n- Rencana tindak lanjut tiap departemen",
    location="Villa Bukit Pinus, Batu",
    committee=(("staf3.psdm", "sie acara"),),
    budget_lines=(
        Line(IN, "Kas HIMA", "7200000"),
        Line(OUT, "Sewa villa", "3500000", "1", "malam"),
        Line(OUT, "Konsumsi", "25000", "96", "porsi"),
        Line(OUT, "Sewa elf", "650000", "2", "unit"),
    ),
)

BAZAR = Program(
    code="BAZAR", name="Bazar Kewirausahaan Dies Natalis", department="KWU", type="event", status="revisi",
    pj="staf1.kwu", start=-2, end=24, budget="4500000",
    note="Rincian RAB belum memuat biaya listrik dan kebersihan; lengkapi juga daftar calon tenant.",
    description="Bazar tiga hari untuk UMKM mahasiswa dan alumni dalam rangkaian Dies Natalis fakultas.",
    objectives="Mewadahi usaha mahasiswa dan menambah kas himpunan dari sewa stan.",
    target_group="UMKM mahasiswa, alumni dan warga kampus",
    success_indicators="- 25 stan terisi\n- Pemasukan bersih minimal Rp1.500.000",
    location="Pelataran Gedung Fakultas Ilmu Komputer",
    budget_lines=(
        Line(IN, "Sewa stan tenant", "150000", "25", "stan"),
        Line(IN, "Sponsor minuman", "1250000"),
        Line(OUT, "Sewa tenda dan meja", "120000", "25", "stan"),
        Line(OUT, "Sound system", "1500000", "1", "paket"),
    ),
    tasks=(
        Task("Lengkapi RAB: listrik dan kebersihan", 3, ("staf1.kwu",), "dalam_progres", "tinggi"),
        Task("Data calon tenant UMKM mahasiswa", 5, ("staf2.kwu",)),
    ),
)

MERCHANDISE = Program(
    code="MERCH", name="Merchandise HIMA: Jaket dan Kaos Angkatan", department="KWU", type="berkelanjutan",
    status="dalam_progres", pj="wakadep.kwu", start=-50, end=-3, actual_start=-48, budget="21862500",
    description="Pre-order jaket dan kaos himpunan, produksi di konveksi mitra dan distribusi ke pemesan.",
    objectives="Memperkuat identitas himpunan dan menambah kas dari selisih harga.",
    target_group="Mahasiswa dan alumni Informatika",
    success_indicators="- 120 jaket dan 85 kaos terjual\n- Keuntungan minimal Rp4.000.000",
    location="Sekretariat HIMA Informatika",
    committee=(("staf1.kwu", "kontrol kualitas"), ("staf3.kwu", "admin pre-order")),
    milestones=(Milestone("Desain final disetujui", -40, done=True), Milestone("Pre-order ditutup", -25, done=True),
                Milestone("Produksi selesai", -7), Milestone("Distribusi ke pemesan", -3)),
    budget_lines=(
        Line(IN, "Pre-order jaket", "165000", "120", "pcs", actual="19800000", verified=True),
        Line(IN, "Pre-order kaos", "85000", "85", "pcs", actual="6970000"),
        Line(OUT, "Produksi jaket (konveksi)", "135000", "120", "pcs", actual="16200000", verified=True),
        Line(OUT, "Produksi kaos", "62500", "85", "pcs", actual="5312500"),
        Line(OUT, "Ongkos kirim ke alumni", "350000", "1", "paket", actual="387000"),
    ),
    tasks=(
        Task("Finalisasi desain jaket dan kaos", -40, ("staf2.kwu",), "selesai", milestone=0),
        Task("Rekap pesanan dan ukuran", -25, ("staf3.kwu",), "selesai", milestone=1),
        Task("Tagih pembayaran pre-order yang belum lunas", -10, ("staf3.kwu",), "review"),
        Task("Kontrol kualitas hasil konveksi", -7, ("staf1.kwu", "wakadep.kwu"), "dalam_progres", "kritis",
             milestone=2,
             comments=(("staf1.kwu", "Ada 9 jaket dengan sablon miring, sudah dikembalikan ke konveksi."),
                       ("kadep.kwu", "Minta konveksi mengganti paling lambat minggu ini."))),
        Task("Distribusi ke pemesan", -3, ("staf2.kwu", "staf3.kwu"), priority="tinggi", milestone=3),
    ),
)

INFOCUP = Program(
    code="INFOCUP", name="Informatics Cup: Futsal dan E-Sport Antarangkatan", department="MIBA", type="event",
    status="dibatalkan", pj="staf1.miba", start=-15, end=2, actual_start=-12, budget="3400000",
    note="Lapangan futsal kampus direnovasi dan tidak ada pengganti yang terjangkau; dana dialihkan ke Makrab.",
    description="Turnamen futsal dan e-sport antarangkatan untuk mempererat mahasiswa Informatika.",
    objectives="Menyalurkan minat olahraga dan mempererat hubungan antarangkatan.",
    target_group="Mahasiswa Informatika (16 tim)",
    success_indicators="- 16 tim mendaftar\n- Turnamen selesai tanpa cedera",
    location="Lapangan futsal kampus dan Lab Komputer 1",
    committee=(("staf2.miba", "koordinator futsal"), ("staf3.miba", "koordinator e-sport")),
    budget_lines=(
        Line(IN, "Biaya pendaftaran tim", "100000", "16", "tim"),
        Line(OUT, "Sewa lapangan", "900000", "2", "hari"),
        Line(OUT, "Trofi dan medali", "1600000", "1", "paket"),
    ),
    tasks=(
        Task("Susun bagan pertandingan", -5, ("staf3.miba",), "selesai"),
        Task("Sewa lapangan futsal", -8, ("staf2.miba",), "dalam_progres", "tinggi"),
        Task("Buka pendaftaran tim e-sport", -3, ("staf3.miba",)),
    ),
)

MAKRAB = Program(
    code="MAKRAB", name="Malam Keakraban Informatika", department="MIBA", type="event", status="dalam_progres",
    pj="wakadep.miba", start=-21, end=4, actual_start=-20, budget="12450000", approver="wakil.ketua",
    description="Malam keakraban dua hari satu malam untuk mahasiswa baru dan pengurus: api unggun, pentas "
                "seni angkatan dan games.",
    objectives="Mengakrabkan mahasiswa baru dengan kakak tingkat dan pengurus himpunan.",
    target_group="Mahasiswa baru dan pengurus (80 peserta)",
    success_indicators="- 80 peserta berangkat\n- Setiap kelas menampilkan pentas seni",
    location="Villa Puncak Asri, Bogor",
    committee=(("staf1.miba", "koordinator acara"), ("staf3.miba", "bendahara panitia"),
               ("staf2.miba", "sie transportasi"), ("staf2.psdm", "sie keamanan")),
    milestones=(Milestone("Lokasi dibooking", -14, done=True), Milestone("Pembayaran peserta lunas", -1),
                Milestone("Keberangkatan", 3)),
    budget_lines=(
        Line(IN, "Iuran peserta", "120000", "80", "orang", actual="7440000"),
        Line(IN, "Subsidi kas HIMA", "2900000", actual="2900000", verified=True),
        Line(OUT, "Sewa villa", "6000000", "1", "paket", "Uang muka 50% sudah dibayar", actual="3000000",
             verified=True),
        Line(OUT, "Konsumsi", "20000", "240", "porsi"),
        Line(OUT, "Sewa elf", "550000", "3", "unit"),
    ),
    tasks=(
        Task("Booking villa dan bayar uang muka", -14, ("staf2.miba",), "selesai", milestone=0),
        Task("Tagih iuran peserta", -1, ("staf3.miba", "staf1.miba"), "dalam_progres", "tinggi", milestone=1,
             comments=(("staf3.miba", "Sudah 62 dari 80 peserta yang lunas."),
                       ("bendahara", "Rekap pembayarannya tolong dikirim ke saya sebelum H-3."))),
        Task("Susun rundown dan games", 1, ("staf1.miba",), "review"),
        Task("Belanja perlengkapan api unggun", 2, ("staf3.miba",), milestone=2),
        Task("Koordinasi transportasi peserta", 3, ("staf2.miba", "staf2.psdm"), milestone=2),
    ),
)

RAKER = Program(
    code="RAKER", name="Rapat Kerja Kabinet Sinergi", department="BPH", type="event", status="selesai",
    pj="sekretaris", start=-82, end=-74, actual_start=-80, actual_end=-74, budget="1750000",
    description="Rapat kerja awal periode: setiap departemen memaparkan program kerja, jadwal dan anggarannya.",
    objectives="Menyepakati program kerja, kalender kegiatan dan anggaran satu periode.",
    target_group="Seluruh pengurus dan dosen pembina",
    success_indicators="- Program kerja semua departemen disahkan\n- Buku saku program kerja terbit",
    location="Ruang Sidang Dekanat Fakultas Ilmu Komputer",
    committee=(("bendahara", "notulen anggaran"),),
    milestones=(Milestone("Rancangan proker terkumpul", -78, done=True), Milestone("Buku saku terbit", -74, done=True)),
    budget_lines=(
        Line(OUT, "Konsumsi rapat", "30000", "35", "orang", actual="1050000", verified=True),
        Line(OUT, "Cetak buku saku program kerja", "20000", "35", "eksemplar", actual="735000"),
    ),
    tasks=(
        Task("Kumpulkan rancangan proker tiap departemen", -78,
             ("kadep.ristek", "kadep.humas", "kadep.psdm", "kadep.kwu", "kadep.miba"), "selesai", "tinggi",
             milestone=0),
        Task("Susun buku saku program kerja", -74, ("staf3.humas",), "selesai", milestone=1),
    ),
)

PROGRAMS: tuple[Program, ...] = (RAKER, LKMM, SEMINAR, WEBDEV, MEDIA_PARTNER, MERCHANDISE, MAKRAB, MENTORING,
                                 INFOCUP, COMPANY_VISIT, UPGRADING, BAZAR, STUDY_VISIT, HACKATHON)
REPORTED = SEMINAR
"""The program whose PJ stores a progress report (PDF and CSV) at the end."""

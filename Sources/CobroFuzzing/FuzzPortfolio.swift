import CobroCore

extension FuzzTarget {
  /// The portfolio the payments and script targets run against: the transcripts' twelve
  /// accounts (`Tests/Transcripts/fixtures/cartera.csv`), every column filled somewhere.
  static let portfolioCSV = """
    account_id,debtor_id,debtor_name,debtor_type,segment,product,principal,\
    balance,capital,interest,late_interest,fees,currency,issue_date,due_date,\
    maturity_date,last_payment_date,payments_on_time,payments_late,status,channel,\
    authorized_channels,phone,email,city
    CO-001,1010101010,María José Peña Ramírez,person,A,credito,5000000.00,3200000.00,\
    3000000.00,120000.00,60000.00,20000.00,COP,2025-06-15,2026-12-05,2027-06-15,\
    2026-11-05,10,0,active,whatsapp,whatsapp|sms,+57 300 123 4567,maria.pena@example.com,\
    Bogotá
    CO-002,1010101010,María José Peña Ramírez,person,A,tarjeta,800000.00,450000.50,\
    400000.00,30000.50,15000.00,5000.00,COP,2025-01-10,2026-11-15,2026-12-31,\
    2026-10-20,8,2,active,whatsapp,whatsapp,+57 300 123 4567,maria.pena@example.com,\
    Bogotá
    CO-003,2020202020,Luis Núñez,person,B,factura,1200000.00,1200000.00,,,,\
    ,COP,2026-07-01,2026-09-15,2026-09-15,,0,0,active,call,call|sms,3105551234,\
    luis.nunez@example.com,Medellín
    CO-004,900123456-7,"Distribuidora ""El Sol"" S.A.S.",company,B,factura,\
    25000000.00,18750000.00,,,,,COP,2026-03-01,2026-06-30,2026-06-30,2026-05-02,\
    3,1,active,email,email,,cartera@elsol.example.com,Cali
    CO-005,3030303030,"Gómez, Ana",person,C,credito,3000000.00,2800000.00,2500000.00,\
    150000.00,100000.00,50000.00,COP,2024-10-01,2025-12-01,2027-10-01,2025-11-01,\
    4,6,active,sms,sms,+57 315 222 3344,,Barranquilla
    CO-006,4040404040,Jorge Ramírez,person,C,libranza,2000000.00,0.00,0.00,\
    0.00,0.00,0.00,COP,2024-02-01,2025-02-01,2026-02-01,2026-02-01,12,0,paid,\
    whatsapp,whatsapp,+57 301 999 8877,jorge@example.com,Pereira
    CO-007,5050505050,Lucía Fernández,person,D,tarjeta,1500000.00,1650000.00,\
    1200000.00,200000.00,180000.00,70000.00,COP,2023-01-15,2024-05-10,2025-01-15,\
    2024-03-01,1,5,written_off,call,call,+57 312 000 1122,lucia.f@example.com,\
    Cúcuta
    CO-008,6060606060,Andrés Muñoz,person,B,credito,9000000.00,7600000.00,7000000.00,\
    300000.00,200000.00,100000.00,COP,2025-11-20,2026-10-20,2028-11-20,2026-09-20,\
    9,3,active,whatsapp,whatsapp|email,+57 320 444 5566,andres.munoz@example.com,\
    Bucaramanga
    CO-009,7070707070,Camila Ortiz,person,A,credito,400.00,250.00,,,,,USD,2026-01-10,\
    2026-11-10,2026-12-10,2026-10-10,10,0,active,email,email,,camila.ortiz@example.com,\
    Santa Marta
    CO-010,8080808080,Santiago Gil,person,D,factura,600000.00,600000.00,,,,\
    ,COP,2026-05-01,2026-06-01,2026-06-01,,0,0,active,whatsapp,whatsapp,+57 300 777 8899,\
    ,Ibagué
    CO-011,9090909090,Valentina Rojas,person,B,credito,3500000.00,3100000.00,\
    2900000.00,100000.00,80000.00,20000.00,COP,2025-09-01,2026-11-30,2027-09-01,\
    2026-10-30,14,0,active,sms,sms|call,+57 311 555 6677,valentina@example.com,\
    Cartagena
    CO-012,1212121212,Óscar Díaz,person,C,credito,4000000.00,3900000.00,3600000.00,\
    150000.00,100000.00,50000.00,COP,2025-04-01,2026-08-01,2027-04-01,2026-06-01,\
    5,4,active,call,call,+57 318 111 2233,oscar.diaz@example.com,Bogotá
    """

  /// Its payments (`Tests/Transcripts/fixtures/pagos.csv`).
  static let paymentsCSV = """
    account_id,date,amount
    CO-001,2026-09-05,250000.00
    CO-001,2026-10-05,250000.00
    CO-001,2026-11-05,250000.00
    CO-002,2026-08-18,60000.00
    CO-002,2026-10-20,60000.00
    CO-004,2026-05-02,1250000.00
    CO-005,2025-11-01,100000.00
    CO-008,2026-09-20,400000.00
    CO-011,2026-10-30,200000.00
    CO-012,2026-06-01,150000.00
    """
}
